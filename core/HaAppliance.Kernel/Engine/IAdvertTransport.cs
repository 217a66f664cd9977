namespace HaAppliance.Kernel;

/// <summary>
/// Moves VRRP payloads: raw IP protocol 112 sockets in the daemon, an in-memory hub in tests.
/// Implementations set TTL / hop limit 255 and report the receiving interface.
/// </summary>
public interface IAdvertTransport : IAsyncDisposable
{
    /// <summary>Prepares to send and receive for an endpoint (joins its group on its interface). Idempotent.</summary>
    ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Stops receiving for an endpoint that no instance uses any more.</summary>
    ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Sends one VRRP payload to every destination of the endpoint. Must not block for long.</summary>
    void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload);

    /// <summary>
    /// Runs until cancelled, handing every peer's payload to <paramref name="onPacket"/>. Our own adverts never reach
    /// it: a transport drops a packet whose source is the source address of an endpoint it has open on that
    /// interface (the loop does not check again).
    /// </summary>
    Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken);
}
