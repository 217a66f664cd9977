using HaAppliance.Vrrp;

using HaAppliance.Kernel;

namespace HaAppliance.Tests.Support;

/// <summary>
/// A LAN in memory for engine tests: every node's transport delivers what it sends to the other
/// nodes that opened the same (interface name, family) segment, with TTL 255, synchronously.
/// </summary>
public sealed class InMemoryTransportHub
{
    private readonly List<Node> _nodes = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the transport of one node on this LAN.</summary>
    public IAdvertTransport Connect(string node) => new Node(this, node);

    /// <summary>When set, packets from or to this node are dropped (a crashed or cut-off node).</summary>
    public HashSet<string> Isolated { get; } = [];

    /// <summary>Every payload sent, by node, in order (for assertions about adverts).</summary>
    public List<(string Node, TransportEndpoint Endpoint, byte[] Payload)> Sent { get; } = [];

    private void Deliver(Node from, TransportEndpoint endpoint, byte[] payload)
    {
        List<(Node Node, TransportEndpoint Endpoint)> targets;
        lock (_gate)
        {
            Sent.Add((from.Name, endpoint, payload));
            if (Isolated.Contains(from.Name))
            {
                return;
            }

            targets = _nodes.Where(n => n != from && !Isolated.Contains(n.Name))
                .SelectMany(n => n.Open.Where(e => e.Interface == endpoint.Interface && e.Family == endpoint.Family).Take(1).Select(e => (n, e)))
                .ToList();
        }

        foreach (var (node, ep) in targets)
        {
            node.Receive(new ReceivedPacket(ep.IfIndex, ep.Family, endpoint.Source, endpoint.Destinations[0], 255, payload));
        }
    }

    private sealed class Node : IAdvertTransport
    {
        private readonly InMemoryTransportHub _hub;
        private Action<ReceivedPacket>? _onPacket;

        public Node(InMemoryTransportHub hub, string name)
        {
            _hub = hub;
            Name = name;
            lock (hub._gate)
            {
                hub._nodes.Add(this);
            }
        }

        public string Name { get; }

        public List<TransportEndpoint> Open { get; } = [];

        public void Receive(ReceivedPacket packet) => _onPacket?.Invoke(packet);

        public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
        {
            lock (_hub._gate)
            {
                Open.Add(endpoint);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken)
        {
            lock (_hub._gate)
            {
                Open.Remove(endpoint);
            }

            return ValueTask.CompletedTask;
        }

        public void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload) => _hub.Deliver(this, endpoint, payload.ToArray());

        public async Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken)
        {
            _onPacket = onPacket;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _onPacket = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            lock (_hub._gate)
            {
                _hub._nodes.Remove(this);
            }

            return ValueTask.CompletedTask;
        }
    }
}
