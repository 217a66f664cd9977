using HaAppliance.Abstractions;

namespace HaAppliance.Tests.Support;

/// <summary>A VIP backend that keeps addresses in a set: stands in for one node's interface in engine tests.</summary>
public sealed class MemoryVipBackend : IVipBackend
{
    private readonly HashSet<string> _addresses = [];

    public IReadOnlyCollection<string> Addresses
    {
        get
        {
            lock (_addresses)
            {
                return _addresses.ToList();
            }
        }
    }

    public Task AddAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        lock (_addresses)
        {
            _addresses.Add(Key(vip));
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        lock (_addresses)
        {
            _addresses.Remove(Key(vip));
        }

        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        lock (_addresses)
        {
            return Task.FromResult(_addresses.Contains(Key(vip)));
        }
    }

    private static string Key(VipAddress vip) => $"{vip.Address}/{vip.PrefixLength} dev {vip.Device}";
}
