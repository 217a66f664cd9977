using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaAppliance.Abstractions;
using static HaAppliance.Plugins.Netlink.NetlinkConstants;

namespace HaAppliance.Plugins.Netlink;

/// <summary>
/// The default VIP backend: adds and removes addresses with RTM_NEWADDR / RTM_DELADDR on a NETLINK_ROUTE socket,
/// every request acknowledged and checked. Also a link-state source for track_interface.
/// </summary>
/// <remarks>The socket is opened in the constructor, so the backend acts in the creating thread's network namespace.</remarks>
public sealed class NetlinkVipBackend : IVipBackend, ILinkStateSource, IDisposable
{
    private readonly RtNetlinkSocket _socket;
    private readonly NetlinkLinkMonitor _links = new();

    // Interface indexes by name, asked once; a request that finds the index gone (ENODEV) forgets it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _indexes = new(StringComparer.Ordinal);

    // One address dump answers every ExistsAsync that was already waiting when it started (a takeover of 255 VIPs
    // asks 255 times at once): linearizable, as the dump happened within each of those calls.
    private readonly Lock _dumpLock = new();
    private long _dumpsStarted;
    private (long Number, HashSet<(int Index, IPAddress Address)> Addresses)? _lastDump;

    public NetlinkVipBackend(NetlinkOptions? options = null)
    {
        _socket = RtNetlinkSocket.Open(receiveTimeout: (options ?? new NetlinkOptions()).RequestTimeout);
    }

    public Task AddAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = AddressRequest(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, vip, forAdd: true);
        Request(vip, request, "add");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = AddressRequest(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, vip, forAdd: false);
        Request(vip, request, "remove");
        return Task.CompletedTask;
    }

    private void Request(VipAddress vip, NetlinkMessage request, string what)
    {
        try
        {
            _socket.Request(request, (e, m) => NetlinkErrors.Describe(what, Subject(vip), vip.Device, e, m));
        }
        catch (NetlinkException)
        {
            // The interface may have been deleted and made again under a new index: look it up afresh next time.
            _indexes.TryRemove(vip.Device, out _);
            throw;
        }
    }

    public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = IndexOf(vip.Device, Subject(vip));
        var entered = Interlocked.Read(ref _dumpsStarted);
        lock (_dumpLock)
        {
            if (_lastDump is not { } dump || dump.Number <= entered)
            {
                dump = (Interlocked.Increment(ref _dumpsStarted), DumpAddresses(vip.Device));
                _lastDump = dump;
            }

            return Task.FromResult(dump.Addresses.Contains((index, Unscoped(vip.Address))));
        }
    }

    /// <summary>Every address of both families, with its interface index (one RTM_GETADDR dump).</summary>
    private HashSet<(int Index, IPAddress Address)> DumpAddresses(string device)
    {
        var request = new NetlinkMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, [AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0]);
        var addresses = new HashSet<(int, IPAddress)>();
        foreach (var (type, body) in _socket.Query(request, (e, m) => NetlinkErrors.Describe("list", "addresses", device, e, m)))
        {
            if (type != RTM_NEWADDR || body.Length < 8)
            {
                continue;
            }
            var attributes = NetlinkMessage.ParseAttributes(body.AsSpan(8));
            var raw = attributes.GetValueOrDefault(IFA_LOCAL) ?? attributes.GetValueOrDefault(IFA_ADDRESS);
            if (raw is { Length: 4 or 16 })
            {
                addresses.Add((BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4)), new IPAddress(raw)));
            }
        }
        return addresses;
    }

    /// <summary>The interface index of <paramref name="device"/>, asked of the kernel through this socket's namespace.</summary>
    public int IndexOf(string device) => IndexOf(device, "interface");

    private int IndexOf(string device, string subject)
    {
        if (string.IsNullOrEmpty(device) || device.Length > 15)
        {
            throw new ArgumentException($"Invalid interface name '{device}' for {subject}: 1 to 15 characters.", nameof(device));
        }
        if (_indexes.TryGetValue(device, out var known))
        {
            return known;
        }
        var index = LookUpIndex(device, subject);
        _indexes[device] = index;
        return index;
    }

    private int LookUpIndex(string device, string subject)
    {
        var request = new NetlinkMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, new byte[16]).Attribute(IFLA_IFNAME, device);
        foreach (var (type, body) in _socket.Query(request, (e, m) => NetlinkErrors.Describe("look up", subject, device, e, m)))
        {
            if (type == RTM_NEWLINK && body.Length >= 8)
            {
                return BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4));
            }
        }
        throw new NetlinkException(19, NetlinkErrors.Describe("look up", subject, device, 19, null));
    }

    private NetlinkMessage AddressRequest(ushort type, ushort flags, VipAddress vip, bool forAdd)
    {
        var family = Family(vip.Address);
        var maxPrefix = family == AF_INET ? 32 : 128;
        var prefix = vip.PrefixLength <= 0 ? maxPrefix : vip.PrefixLength;
        if (prefix > maxPrefix)
        {
            throw new ArgumentException($"Invalid prefix length {vip.PrefixLength} for {vip.Address}: at most {maxPrefix}.", nameof(vip));
        }
        var scope = AddressScope.Parse(vip.Scope);
        var index = IndexOf(vip.Device, Subject(vip));

        // struct ifaddrmsg { u8 family; u8 prefixlen; u8 flags; u8 scope; u32 index; }
        var header = new byte[8];
        header[0] = family;
        header[1] = (byte)prefix;
        header[3] = scope;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), index);
        var message = new NetlinkMessage(type, flags, header);
        var address = Unscoped(vip.Address).GetAddressBytes();
        if (family == AF_INET)
        {
            // As ip(8) does: IFA_LOCAL is the address, IFA_ADDRESS the same for a non point-to-point link.
            message.Attribute(IFA_LOCAL, address).Attribute(IFA_ADDRESS, address);
            if (forAdd && vip.Broadcast is { } broadcast)
            {
                if (broadcast.AddressFamily != AddressFamily.InterNetwork)
                {
                    throw new ArgumentException($"Broadcast {broadcast} of {vip.Address} is not an IPv4 address.", nameof(vip));
                }
                message.Attribute(IFA_BROADCAST, broadcast.GetAddressBytes());
            }
            if (forAdd && !string.IsNullOrEmpty(vip.Label))
            {
                // The kernel and ip(8) expect labels of the form DEVICE or DEVICE:suffix, at most 15 characters.
                if (!vip.Label.StartsWith(vip.Device, StringComparison.Ordinal) || vip.Label.Length > 15)
                {
                    throw new ArgumentException($"Invalid label '{vip.Label}' for {vip.Address}: it must start with the device name '{vip.Device}' and be at most 15 characters.", nameof(vip));
                }
                message.Attribute(IFA_LABEL, vip.Label);
            }
        }
        else
        {
            message.Attribute(IFA_ADDRESS, address);
            if (forAdd)
            {
                // A VIP moves between routers that already agree on who owns it: duplicate address detection
                // would only delay it (keepalived adds IPv6 VIPs with IFA_F_NODAD too).
                message.Attribute(IFA_FLAGS, IFA_F_NODAD);
            }
        }
        return message;
    }

    private static byte Family(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"Unsupported address {address}.", nameof(address)),
    };

    private static IPAddress Unscoped(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;

    private static string Subject(VipAddress vip) => $"{vip.Address}/{(vip.PrefixLength <= 0 ? (vip.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) : vip.PrefixLength)}";

    public Task<IReadOnlyList<LinkState>> GetLinksAsync(CancellationToken cancellationToken) => _links.GetLinksAsync(cancellationToken);

    public Task WatchAsync(Func<LinkState, ValueTask> report, CancellationToken cancellationToken) => _links.WatchAsync(report, cancellationToken);

    public void Dispose() => _socket.Dispose();
}
