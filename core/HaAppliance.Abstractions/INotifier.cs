namespace HaAppliance.Abstractions;

/// <summary>
/// Delivers state changes somewhere (email, webhook, ...). The kernel queues events and calls this off the
/// VRRP event loop; a failure should throw, and the kernel retries with back-off.
/// </summary>
public interface INotifier
{
    /// <summary>Delivers one state change.</summary>
    /// <param name="stateChange">The transition to report.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the event was accepted by the far end.</returns>
    Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken);
}
