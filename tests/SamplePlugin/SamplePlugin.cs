using HaAppliance.Abstractions;

namespace Sample.HealthChecks;

/// <summary>The sample plugin's entry point.</summary>
public sealed class SamplePlugin : IHaPlugin
{
    /// <inheritdoc/>
    public void Register(IPluginRegistry registry) =>
        registry.AddHealthCheck<MarkerFileOptions>("sample_marker", (options, _) => new MarkerFileCheck(options));
}
