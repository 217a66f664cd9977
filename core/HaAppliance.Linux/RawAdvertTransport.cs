using System.Net;
using System.Net.Sockets;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;

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
/// before it costs the event loop anything.
/// </remarks>
public sealed class RawAdvertTransport : IAdvertTransport
{
    private readonly RawVrrpSocket? _v4;
    private readonly RawVrrpSocket? _v6;
    private readonly Dictionary<(int IfIndex, IpFamily Family, IPAddress Group), int> _joined = [];
    private readonly Dictionary<(int IfIndex, IPAddress Source), int> _own = [];
    private readonly Lock _gate = new();

    private RawAdvertTransport(RawVrrpSocket? v4, RawVrrpSocket? v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    /// <summary>
    /// Opens raw sockets for the requested families in the calling thread's network namespace (they stay there);
    /// <paramref name="device"/> binds both to one interface (SO_BINDTODEVICE).
    /// </summary>
    public static RawAdvertTransport Open(bool ipv4 = true, bool ipv6 = true, string? device = null)
    {
        RawVrrpSocket? v4 = null;
        try
        {
            v4 = ipv4 ? RawVrrpSocket.Open(IpFamily.IPv4, device) : null;
            var v6 = ipv6 ? RawVrrpSocket.Open(IpFamily.IPv6, device) : null;
            return new RawAdvertTransport(v4, v6);
        }
        catch
        {
            v4?.Dispose();
            throw;
        }
    }

    private RawVrrpSocket Socket(IpFamily family) =>
        (family == IpFamily.IPv4 ? _v4 : _v6) ?? throw new InvalidOperationException($"The transport was opened without {family}.");

    public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = Socket(endpoint.Family);
        lock (_gate)
        {
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
                        Socket(endpoint.Family).LeaveGroup(endpoint.IfIndex, endpoint.Destinations[0]);
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
    /// Reads both sockets until cancelled; <paramref name="onPacket"/> is called from one pump per family, so
    /// possibly from two threads at once. If one socket fails, the other stops too and the failure is thrown.
    /// </summary>
    public async Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = new List<Task>(2);
        foreach (var socket in new[] { _v4, _v6 })
        {
            if (socket is not null)
            {
                pumps.Add(PumpAsync(socket, onPacket, stop));
            }
        }

        try
        {
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PumpAsync(RawVrrpSocket socket, Action<ReceivedPacket> onPacket, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var packet in socket.ReceiveAllAsync(stop.Token).ConfigureAwait(false))
            {
                // Routers compare addresses (tie-break, owner); the IPv6 scope is the interface, already in IfIndex.
                var source = WithoutScope(packet.Source);
                if (IsOwn(packet.IfIndex, source))
                {
                    continue;
                }

                onPacket(ReferenceEquals(source, packet.Source) ? packet : packet with { Source = source });
            }
        }
        catch
        {
            // One reader per socket: the other pump must end before the caller may receive again.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool IsOwn(int ifIndex, IPAddress source)
    {
        lock (_gate)
        {
            return _own.Count != 0 && _own.ContainsKey((ifIndex, source));
        }
    }

    private static (int, IPAddress) OwnKey(int ifIndex, IPAddress source) => (ifIndex, WithoutScope(source));

    private static IPAddress WithoutScope(IPAddress address) =>
        address is { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: not 0 } ? new IPAddress(address.GetAddressBytes()) : address;

    public ValueTask DisposeAsync()
    {
        _v4?.Dispose();
        _v6?.Dispose();
        return ValueTask.CompletedTask;
    }
}
