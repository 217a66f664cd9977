namespace HaAppliance.Abstractions;

/// <summary>
/// A polled health check. The kernel calls <see cref="CheckAsync"/> every interval, one call at a time,
/// and enforces the configured timeout: a call that has not completed in time counts as failed and its
/// token is cancelled. Exceptions count as failures too; they never reach the VRRP event loop.
/// </summary>
public interface IHealthCheck
{
    /// <summary>Runs the check once.</summary>
    /// <param name="cancellationToken">Cancelled when the kernel's timeout expires or the daemon stops.</param>
    /// <returns>Whether the checked thing is healthy, with a detail for the log.</returns>
    Task<HealthResult> CheckAsync(CancellationToken cancellationToken);
}
