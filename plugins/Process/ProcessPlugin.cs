using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Process;

/// <summary>Registers the <c>process</c> health check: keepalived's <c>vrrp_track_process</c>.</summary>
public sealed class ProcessPlugin : IHaPlugin, IKeepalivedKeywordMap
{
    /// <inheritdoc/>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> KeepalivedKeywords { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(StringComparer.Ordinal)
        {
            ["vrrp_track_process"] = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["process"] = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["process"] = "process",
                    ["process.parameters"] = "parameters",
                    ["param_match"] = "param_match",
                    ["full_command"] = "full_command",
                    ["quorum"] = "quorum",
                    ["quorum_max"] = "quorum_max",
                    ["terminate_delay"] = "terminate_delay",
                    ["fork_delay"] = "fork_delay",
                },
            },
        };

    /// <inheritdoc/>
    public void Register(IPluginRegistry registry) =>
        registry.AddHealthCheck<ProcessCheckOptions>("process", (options, context) => new ProcessCheck(options, context.Name));
}
