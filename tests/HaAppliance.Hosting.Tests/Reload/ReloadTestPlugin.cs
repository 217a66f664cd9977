using System.Collections.Concurrent;
using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Tests.Reload;

/// <summary>Options of the <c>counting</c> check: which counter it increments.</summary>
public sealed class CountingCheckOptions
{
    public string Counter { get; set; } = "";
}

/// <summary>Options of the <c>memory</c> VIP backend (none).</summary>
public sealed class MemoryBackendOptions
{
}

/// <summary>
/// In-process plugins for daemon reload tests: a <c>counting</c> health check that counts its runs and reports
/// what <see cref="Healthy"/> says, and a <c>memory</c> VIP backend.
/// </summary>
public sealed class ReloadTestPlugin : IHaPlugin
{
    /// <summary>Runs per counter.</summary>
    public static ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>What each counter's check reports (healthy unless set).</summary>
    public static ConcurrentDictionary<string, bool> Healthy { get; } = new(StringComparer.Ordinal);

    public void Register(IPluginRegistry registry)
    {
        registry.AddHealthCheck<CountingCheckOptions>("counting", (o, _) => new CountingCheck(o.Counter));
        registry.AddVipBackend<MemoryBackendOptions>("memory", (_, _) => new MemoryVipBackend());
    }

    private sealed class CountingCheck(string counter) : IHealthCheck
    {
        public Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
        {
            Runs.AddOrUpdate(counter, 1, (_, n) => n + 1);
            return Task.FromResult(Healthy.GetValueOrDefault(counter, true) ? HealthResult.Ok("counted") : HealthResult.Fail("told to fail"));
        }
    }
}
