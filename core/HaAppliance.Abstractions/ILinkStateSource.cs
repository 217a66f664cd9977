namespace HaAppliance.Abstractions;

/// <summary>
/// Optional interface of a VIP backend that can watch interfaces (the netlink backend does). The kernel uses it for
/// track_interface and for each instance's own interface: a link going down puts the instance into FAULT.
/// </summary>
public interface ILinkStateSource
{
    /// <summary>The current state of every interface.</summary>
    Task<IReadOnlyList<LinkState>> GetLinksAsync(CancellationToken cancellationToken);

    /// <summary>Runs until cancelled, calling <paramref name="report"/> for every link change the kernel announces.</summary>
    Task WatchAsync(Func<LinkState, ValueTask> report, CancellationToken cancellationToken);
}
