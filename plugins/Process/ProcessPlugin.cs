using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Process;

/// <summary>Registers the <c>process</c> health check.</summary>
public sealed class ProcessPlugin : IHaPlugin
{
    /// <inheritdoc/>
    public void Register(IPluginRegistry registry) =>
        registry.AddHealthCheck<ProcessCheckOptions>("process", (options, context) => new ProcessCheck(options, context.Name));
}
