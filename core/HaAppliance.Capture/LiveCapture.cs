using SharpPcap;
using SharpPcap.LibPcap;

namespace HaAppliance.Capture;

/// <summary>
/// Live VRRP capture on one interface through libpcap (SharpPcap's <see cref="LibPcapLiveDevice"/>), returning
/// frames as <see cref="PcapRecord"/> so they go through the same link-layer code and formatter as a file.
/// </summary>
public sealed class LiveCapture : IDisposable
{
    /// <summary>The BPF filter: VRRP is IP protocol 112 for both families (RFC 5798 §5.1.1.4, §5.1.2.4).</summary>
    public const string VrrpFilter = "ip proto 112 or ip6 proto 112";

    // libpcap's read timeout; bounds how late a stop request (Ctrl-C, --timeout) is noticed.
    private const int ReadTimeoutMilliseconds = 100;

    // DLT_RAW is 12 on Linux and most systems, 14 on OpenBSD; files use LINKTYPE_RAW (101) instead.
    private const int DltRaw = 12;
    private const int DltRawOpenBsd = 14;

    private readonly LibPcapLiveDevice _device;
    private int _number;

    private LiveCapture(LibPcapLiveDevice device, PcapLinkType linkType)
    {
        _device = device;
        LinkType = linkType;
    }

    /// <summary>The interface name as libpcap lists it.</summary>
    public string InterfaceName => _device.Name;

    /// <summary>The link-layer header type of the captured frames.</summary>
    public PcapLinkType LinkType { get; }

    /// <summary>
    /// Opens <paramref name="interfaceName"/> (promiscuous, so multicast adverts of other routers are seen too) with
    /// <see cref="VrrpFilter"/>. Null with a message naming the interface when it does not exist, cannot be opened,
    /// or libpcap itself is missing.
    /// </summary>
    public static LiveCapture? Open(string interfaceName, out string? error)
    {
        error = null;
        LibPcapLiveDevice? device;
        try
        {
            // New(): a fresh enumeration in this process's namespace, not SharpPcap's cached list.
            var devices = LibPcapLiveDeviceList.New();
            device = devices.FirstOrDefault(d => d.Name == interfaceName);
            if (device is null)
            {
                var names = devices.Select(d => d.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
                error = $"no interface '{interfaceName}' (libpcap lists: {(names.Count == 0 ? "none" : string.Join(", ", names))})";
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            error = $"cannot capture on '{interfaceName}': libpcap is not available ({Innermost(e).Message}); install libpcap (apt-get install libpcap0.8)";
            return null;
        }
        catch (PcapException e)
        {
            error = $"cannot list interfaces to capture on '{interfaceName}': {e.Message}";
            return null;
        }

        try
        {
            device.Open(new DeviceConfiguration { Mode = DeviceModes.Promiscuous, ReadTimeout = ReadTimeoutMilliseconds, Snaplen = 65535 });
            device.Filter = VrrpFilter;
            return new LiveCapture(device, ToLinkType((int)device.LinkType));
        }
        catch (Exception e) when (e is PcapException or InvalidOperationException or DeviceNotReadyException)
        {
            error = $"cannot capture on '{interfaceName}': {e.Message}";
            device.Close();
            return null;
        }
    }

    /// <summary>Maps libpcap's DLT_ value (what a live handle reports) to the file's LINKTYPE_ value.</summary>
    public static PcapLinkType ToLinkType(int dlt) => dlt is DltRaw or DltRawOpenBsd ? PcapLinkType.Raw : (PcapLinkType)(ushort)dlt;

    /// <summary>
    /// Waits up to the read timeout for the next matching frame. False when none arrived in that time (call again);
    /// throws <see cref="IOException"/> when libpcap reports an error (interface gone).
    /// </summary>
    public bool TryReadNext(out PcapRecord record)
    {
        record = default;
        GetPacketStatus status = _device.GetNextPacket(out PacketCapture capture);
        if (status == GetPacketStatus.PacketRead)
        {
            RawCapture raw = capture.GetPacket();
            _number++;
            record = new PcapRecord(
                _number,
                Offset: 0,
                (long)raw.Timeval.Seconds,
                (uint)(raw.Timeval.MicroSeconds * 1000),
                LinkType,
                raw.Data,
                raw.PacketLength);
            return true;
        }

        if (status == GetPacketStatus.Error)
        {
            throw new IOException($"capture on '{InterfaceName}' failed: {_device.LastError}");
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _device.Close();

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
