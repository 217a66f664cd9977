using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Script;

/// <summary>Registers the <c>script</c> and <c>file</c> health checks.</summary>
public sealed class ScriptPlugin : IHaPlugin
{
    /// <inheritdoc/>
    public void Register(IPluginRegistry registry)
    {
        registry.AddHealthCheck<ScriptCheckOptions>("script", (options, context) => new ScriptCheck(options, context));
        registry.AddHealthCheck<FileCheckOptions>("file", (options, _) => new FileCheck(options));
    }
}
