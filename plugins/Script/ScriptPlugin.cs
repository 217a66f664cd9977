using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Script;

/// <summary>Registers the <c>script</c> and <c>file</c> health checks: keepalived's <c>vrrp_script</c> and <c>track_file</c>.</summary>
public sealed class ScriptPlugin : IHaPlugin, IKeepalivedKeywordMap
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> TrackFile = new(StringComparer.Ordinal)
    {
        ["file"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["file"] = "path",
            ["init_file"] = "init_value",
            ["init_file.overwrite"] = "init_file_overwrite",
        },
    };

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> KeepalivedKeywords { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(StringComparer.Ordinal)
        {
            ["vrrp_script"] = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["script"] = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["script"] = "command",
                    ["user"] = "user",
                    ["user.group"] = "group",
                },
            },
            ["track_file"] = TrackFile,
            ["vrrp_track_file"] = TrackFile,
        };

    /// <inheritdoc/>
    public void Register(IPluginRegistry registry)
    {
        registry.AddHealthCheck<ScriptCheckOptions>("script", (options, context) => new ScriptCheck(options, context));
        registry.AddHealthCheck<FileCheckOptions>("file", (options, _) => new FileCheck(options));
    }
}
