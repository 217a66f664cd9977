using System.Net;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;

namespace HaAppliance.Linux;

/// <summary>
/// The event loop's port onto the live raw sockets: joins each multicast endpoint's group on its
/// interface (reference counted, as several instances share one), marks our source addresses as our own
/// so looped-back adverts are dropped, and sends one payload to every destination of an endpoint.
/// </summary>
public sealed class RawAdvertTransport : IAdvertTransport
{
    private readonly VrrpTransport _transport;
    private readonly Dictionary<(int, IpFamily, IPAddress), int> _joined = [];
    private readonly Lock _gate = new();

    public RawAdvertTransport(VrrpTransport transport) => _transport = transport;

    /// <summary>Opens raw sockets for the families the instances use, in the current network namespace.</summary>
    public static RawAdvertTransport Open(bool ipv4, bool ipv6) => new(VrrpTransport.Open(ipv4, ipv6));

    public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _transport.Socket(endpoint.Family).AddOwnAddress(endpoint.Source);
            if (!endpoint.Unicast)
            {
                var key = (endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
                _joined.TryGetValue(key, out var count);
                if (count == 0)
                {
                    _transport.JoinGroup(endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
                }

                _joined[key] = count + 1;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!endpoint.Unicast)
            {
                var key = (endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
                if (_joined.TryGetValue(key, out var count) && --count <= 0)
                {
                    _joined.Remove(key);
                    try
                    {
                        _transport.LeaveGroup(endpoint.IfIndex, endpoint.Family, endpoint.Destinations[0]);
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
        var socket = _transport.Socket(endpoint.Family);
        foreach (var destination in endpoint.Destinations)
        {
            socket.Send(endpoint.IfIndex, destination, endpoint.Source, payload);
        }
    }

    public async Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var packet in _transport.ReceiveAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (packet.FromSelf)
                {
                    continue;
                }

                // Routers compare addresses (tie-break, owner); the IPv6 scope is the interface, already in IfIndex.
                var source = packet.Source is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6, ScopeId: not 0 }
                    ? new IPAddress(packet.Source.GetAddressBytes())
                    : packet.Source;
                onPacket(packet with { Source = source });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _transport.Dispose();
        return ValueTask.CompletedTask;
    }
}
