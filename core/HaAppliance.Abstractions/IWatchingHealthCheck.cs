namespace HaAppliance.Abstractions;

/// <summary>
/// An event-driven health check (a process watcher, a file watcher): instead of being polled it reports
/// changes as they happen, so a failure is seen in milliseconds rather than at the next interval.
/// The kernel calls <see cref="WatchAsync"/> once and does not poll <see cref="IHealthCheck.CheckAsync"/>
/// while watching; <c>CheckAsync</c> remains available for one-shot use (<c>haapp check</c>).
/// </summary>
public interface IWatchingHealthCheck : IHealthCheck
{
    /// <summary>Runs until cancelled, calling <paramref name="report"/> with the current state first and then on every change.</summary>
    /// <param name="report">Callback into the kernel; cheap and non-blocking.</param>
    /// <param name="cancellationToken">Cancelled when the daemon stops.</param>
    /// <returns>A task that completes when watching stops. If it faults the kernel logs it, counts a failure and restarts it.</returns>
    Task WatchAsync(Func<HealthResult, ValueTask> report, CancellationToken cancellationToken);
}
