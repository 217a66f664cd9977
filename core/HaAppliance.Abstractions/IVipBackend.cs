namespace HaAppliance.Abstractions;

/// <summary>Adds and removes virtual addresses on interfaces (netlink, the ip command, a cloud API, ...).</summary>
public interface IVipBackend
{
    /// <summary>Adds <paramref name="vip"/> to its device; adding an address already present is not an error.</summary>
    /// <param name="vip">The address to add.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the address is configured.</returns>
    Task AddAsync(VipAddress vip, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="vip"/> from its device; removing an absent address is not an error.</summary>
    /// <param name="vip">The address to remove.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>A task that completes when the address is gone.</returns>
    Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken);

    /// <summary>True if the address is currently configured on its device.</summary>
    /// <param name="vip">The address to look for.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    /// <returns>Whether the address is present.</returns>
    Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken);
}
