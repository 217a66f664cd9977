using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SharpPcap;
using SharpPcap.LibPcap;

namespace HaAppliance.Linux.Announce;

/// <summary>
/// Sends announcement frames through libpcap (SharpPcap's <see cref="LibPcapLiveDevice"/>, by interface name).
/// A device is opened on first use, or explicitly with <see cref="Open"/>: the capture handle belongs to the network
/// namespace of the thread that opens it.
/// </summary>
public sealed class PcapAnnouncementSender : IAnnouncementSender, IDisposable
{
    private readonly Dictionary<string, OpenDevice> _devices = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Loads libpcap now: without it, the daemon reports one clear line at start instead of an exception per
    /// announcement (SharpPcap binds the library lazily, on first use).
    /// </summary>
    /// <exception cref="DllNotFoundException">libpcap cannot be loaded; the message says which package to install.</exception>
    public PcapAnnouncementSender()
    {
        try
        {
            // Pcap.Version swallows a missing library; listing the devices is the first real libpcap call.
            _ = LibPcapLiveDeviceList.New();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new DllNotFoundException(
                "gratuitous ARP and unsolicited NA need libpcap0.8 (apt-get install libpcap0.8), which cannot be loaded; "
                + "VIPs are still set, neighbours learn them when their ARP/ND caches expire", ex);
        }
    }

    /// <summary>Opens <paramref name="device"/> for sending (idempotent). Throws naming the device when it is absent.</summary>
    public void Open(string device)
    {
        lock (_lock)
        {
            _ = GetLocked(device);
        }
    }

    public void SendGratuitousArp(string device, IPAddress address)
    {
        lock (_lock)
        {
            var open = GetLocked(device);
            open.Device.SendPacket(AnnouncementFrames.GratuitousArp(open.Mac, address));
        }
    }

    public void SendUnsolicitedNeighbourAdvert(string device, IPAddress address)
    {
        lock (_lock)
        {
            var open = GetLocked(device);
            // RFC 4861 §7.2.4: the source is an address of the interface; like keepalived, prefer its link-local one.
            var source = LinkLocal(open.Device) ?? address;
            open.Device.SendPacket(AnnouncementFrames.UnsolicitedNeighbourAdvert(open.Mac, source, address));
        }
    }

    private OpenDevice GetLocked(string device)
    {
        if (_devices.TryGetValue(device, out var open))
        {
            return open;
        }
        // New(): a fresh enumeration in this thread's namespace, not the process-wide cached list.
        var live = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == device)
            ?? throw new InvalidOperationException($"Cannot send announcements on '{device}': libpcap does not list such an interface.");
        // Only sends: a small capture buffer, and a filter that keeps nothing, so the kernel copies none of the
        // interface's traffic (25,500 adverts a second at scale) into a ring nobody reads.
        live.Open(new DeviceConfiguration { Mode = DeviceModes.None, ReadTimeout = 100, Snaplen = 64, BufferSize = 64 * 1024 });
        try
        {
            live.Filter = "less 1";
        }
        catch (PcapException)
        {
            // A filter refused (an odd link type): sending works without it.
        }
        var mac = live.MacAddress;
        if (mac is null || mac.GetAddressBytes().Length != 6)
        {
            live.Close();
            throw new InvalidOperationException($"Cannot send announcements on '{device}': it has no Ethernet address.");
        }
        open = new OpenDevice(live, mac);
        _devices[device] = open;
        return open;
    }

    private static IPAddress? LinkLocal(LibPcapLiveDevice device) =>
        device.Addresses
            .Select(a => a.Addr?.ipAddress)
            .FirstOrDefault(a => a is { AddressFamily: AddressFamily.InterNetworkV6, IsIPv6LinkLocal: true });

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var open in _devices.Values)
            {
                open.Device.Close();
            }
            _devices.Clear();
        }
    }

    private sealed record OpenDevice(LibPcapLiveDevice Device, PhysicalAddress Mac);
}
