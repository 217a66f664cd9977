using System.Net;
using System.Net.Sockets;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Linux;

/// <summary>
/// The event loop's port onto the live raw sockets: one IPv4 and one IPv6 <see cref="RawVrrpSocket"/>, their packets
/// handed on as they arrive. Joins each multicast endpoint's group on its interface (reference counted, as several
/// instances share one) and sends one payload to every destination of an endpoint.
/// </summary>
/// <remarks>
/// This is the one place that drops our own adverts. The sockets already keep the kernel from looping our multicast
/// back (IP_MULTICAST_LOOP off); what still arrives from an open endpoint's own source address on its interface (a
/// unicast peer list naming us, a reflecting switch port, a duplicate address) is dropped here, on the receive pump,
/// before it costs the event loop anything. So are multicast packets whose TTL / hop limit is not 255 (RFC 9568
/// §7.1: they crossed a router), counted per family.
/// <para>
/// The two families' receive paths are independent: an error on one (an ICMP error surfacing on a socket, ENOBUFS)
/// is logged and counted, and that family's socket is reopened (its groups joined again) after a backoff that
/// doubles up to <see cref="MaxBackoff"/>, while the other family goes on receiving. <see cref="ReceivePaths"/> says
/// how each one is doing.
/// </para>
/// </remarks>
public sealed class RawAdvertTransport : IAdvertTransport
{
    /// <summary>The first wait before reopening a family's socket after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reopening attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ReceivePath?[] _paths = new ReceivePath?[2];
    private readonly Func<IpFamily, IVrrpSocket> _open;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<(int IfIndex, IpFamily Family, IPAddress Group), int> _joined = [];
    private readonly Dictionary<(int IfIndex, IPAddress Source), int> _own = [];
    private readonly Lock _gate = new();
    private volatile bool _disposed;

    internal RawAdvertTransport(IVrrpSocket? v4, IVrrpSocket? v6, Func<IpFamily, IVrrpSocket> open, TimeProvider? time = null, ILogger? log = null)
    {
        _paths[0] = v4 is null ? null : new ReceivePath(IpFamily.IPv4, v4);
        _paths[1] = v6 is null ? null : new ReceivePath(IpFamily.IPv6, v6);
        _open = open;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullLogger.Instance;
    }

    /// <summary>
    /// Opens raw sockets for the requested families in the calling thread's network namespace (they stay there);
    /// <paramref name="device"/> binds both to one interface (SO_BINDTODEVICE). A socket reopened after a failure is
    /// opened only in that same namespace.
    /// </summary>
    public static RawAdvertTransport Open(bool ipv4 = true, bool ipv6 = true, string? device = null, ILogger? log = null)
    {
        var netns = NetworkNamespace();
        RawVrrpSocket? v4 = null;
        try
        {
            v4 = ipv4 ? RawVrrpSocket.Open(IpFamily.IPv4, device) : null;
            var v6 = ipv6 ? RawVrrpSocket.Open(IpFamily.IPv6, device) : null;
            return new RawAdvertTransport(v4, v6, family => NetworkNamespace() == netns
                ? RawVrrpSocket.Open(family, device)
                : throw new InvalidOperationException($"this thread is not in the network namespace the transport was opened in ({netns})"), log: log);
        }
        catch
        {
            v4?.Dispose();
            throw;
        }
    }

    private static string? NetworkNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget;

    /// <summary>How each family's receive path is doing (only the families the transport was opened with).</summary>
    public IReadOnlyList<ReceivePathStatus> ReceivePaths =>
        _paths.OfType<ReceivePath>().Select(p => p.Status()).ToList();

    private ReceivePath Path(IpFamily family) =>
        _paths[family == IpFamily.IPv4 ? 0 : 1] ?? throw new InvalidOperationException($"The transport was opened without {family}.");

    private IVrrpSocket Socket(IpFamily family)
    {
        lock (_gate)
        {
            return Path(family).Socket;
        }
    }

    public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var socket = Path(endpoint.Family).Socket;
            if (!endpoint.Unicast)
            {
                var key = (endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
                _joined.TryGetValue(key, out var count);
                if (count == 0)
                {
                    socket.JoinGroup(endpoint.IfIndex, endpoint.Destinations[0]);
                }

                _joined[key] = count + 1;
            }

            var own = OwnKey(endpoint.IfIndex, endpoint.Source);
            _own[own] = _own.GetValueOrDefault(own) + 1;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var own = OwnKey(endpoint.IfIndex, endpoint.Source);
            if (_own.TryGetValue(own, out var owners))
            {
                if (owners <= 1)
                {
                    _own.Remove(own);
                }
                else
                {
                    _own[own] = owners - 1;
                }
            }

            if (!endpoint.Unicast)
            {
                var key = (endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
                if (_joined.TryGetValue(key, out var count) && --count <= 0)
                {
                    _joined.Remove(key);
                    try
                    {
                        Path(endpoint.Family).Socket.LeaveGroup(endpoint.IfIndex, endpoint.Destinations[0]);
                    }
                    catch (IOException)
                    {
                        // The interface may be gone already; leaving is best effort.
                    }
                }
                else if (count > 0)
                {
                    _joined[key] = count;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload)
    {
        var socket = Socket(endpoint.Family);
        var destinations = endpoint.Destinations;
        for (var i = 0; i < destinations.Count; i++)
        {
            socket.Send(endpoint.IfIndex, destinations[i], endpoint.Source, payload);
        }
    }

    /// <summary>
    /// Reads both families until cancelled; <paramref name="onPacket"/> is called from one pump per family, so
    /// possibly from two threads at once. A family whose socket fails reopens it and goes on; it never stops the other.
    /// </summary>
    public async Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken)
    {
        await Task.WhenAll(_paths.OfType<ReceivePath>().Select(p => PumpAsync(p, onPacket, cancellationToken))).ConfigureAwait(false);
    }

    private async Task PumpAsync(ReceivePath path, Action<ReceivedPacket> onPacket, CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested && !_disposed)
        {
            Exception? error = null;
            try
            {
                var packet = await Socket(path.Family).ReceiveAsync(cancellationToken).ConfigureAwait(false);
                backoff = MinBackoff;
                Deliver(path, packet, onPacket);
                continue;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested || _disposed)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            // This family only: log, count, wait, reopen (joining its groups again); the other family goes on.
            var failures = path.Failed(error.Message);
            _log.ReceiveFailed(path.Family.ToString(), error.Message, (long)backoff.TotalMilliseconds, failures);
            try
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            if (Reopen(path))
            {
                _log.Reopened(path.Family.ToString());
            }
        }
    }

    private void Deliver(ReceivePath path, ReceivedPacket packet, Action<ReceivedPacket> onPacket)
    {
        // Routers compare addresses (tie-break, owner); the IPv6 scope is the interface, already in IfIndex.
        var source = WithoutScope(packet.Source);
        if (IsOwn(packet.IfIndex, source))
        {
            return;
        }

        if (packet.Ttl != 255 && IsMulticast(packet.Destination))
        {
            path.TtlDropped();
            return;
        }

        onPacket(ReferenceEquals(source, packet.Source) ? packet : packet with { Source = source });
    }

    /// <summary>Opens the family's socket again and joins its groups; false (counted) when that fails too.</summary>
    private bool Reopen(ReceivePath path)
    {
        IVrrpSocket? fresh = null;
        try
        {
            fresh = _open(path.Family);
            lock (_gate)
            {
                foreach (var (ifIndex, _, group) in _joined.Keys.Where(k => k.Family == path.Family))
                {
                    fresh.JoinGroup(ifIndex, group);
                }

                var old = path.Socket;
                path.Reopened(fresh);
                old.Dispose();
            }

            return true;
        }
        catch (Exception ex) when (!_disposed)
        {
            fresh?.Dispose();
            path.Failed("reopen: " + ex.Message);
            return false;
        }
    }

    private bool IsOwn(int ifIndex, IPAddress source)
    {
        lock (_gate)
        {
            return _own.Count != 0 && _own.ContainsKey((ifIndex, source));
        }
    }

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    private static (int, IPAddress) OwnKey(int ifIndex, IPAddress source) => (ifIndex, WithoutScope(source));

    private static IPAddress WithoutScope(IPAddress address) =>
        address is { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: not 0 } ? new IPAddress(address.GetAddressBytes()) : address;

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        lock (_gate)
        {
            foreach (var path in _paths.OfType<ReceivePath>())
            {
                path.Socket.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One family's socket and counters; the socket is swapped under the transport's lock.</summary>
    private sealed class ReceivePath(IpFamily family, IVrrpSocket socket)
    {
        private long _failures;
        private long _reopens;
        private long _ttlDropped;
        private volatile bool _receiving = true;
        private volatile string? _lastError;

        public IpFamily Family { get; } = family;

        public IVrrpSocket Socket { get; private set; } = socket;

        public long Failed(string error)
        {
            _receiving = false;
            _lastError = error;
            return Interlocked.Increment(ref _failures);
        }

        public void Reopened(IVrrpSocket fresh)
        {
            Socket = fresh;
            Interlocked.Increment(ref _reopens);
            _receiving = true;
        }

        public void TtlDropped() => Interlocked.Increment(ref _ttlDropped);

        public ReceivePathStatus Status() => new(
            Family, _receiving, Interlocked.Read(ref _failures), Interlocked.Read(ref _reopens), Interlocked.Read(ref _ttlDropped), _lastError);
    }
}
