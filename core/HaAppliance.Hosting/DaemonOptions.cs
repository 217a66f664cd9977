namespace HaAppliance.Hosting;

/// <summary>How <c>haapp run</c> was started. Paths given here win over the config's own.</summary>
public sealed record DaemonOptions
{
    public required string ConfigPath { get; init; }

    /// <summary>For a Scriban template: the site name or file.</summary>
    public string? Site { get; init; }

    /// <summary><c>--var key=value</c> overrides of site values.</summary>
    public IReadOnlyDictionary<string, string>? Vars { get; init; }

    public string? StateDir { get; init; }

    public string? ControlSocket { get; init; }

    /// <summary><c>--metrics-listen</c>: ADDR:PORT for <c>/metrics</c>; wins over the config's <c>metrics_listen</c>.</summary>
    public string? MetricsListen { get; init; }

    /// <summary>Drop-in plugin folders besides the built-in one and the config's plugin_folders.</summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary>Remove VIPs of our instances left configured by a previous run (keepalived does too).</summary>
    public bool RemoveStaleVips { get; init; } = true;
}
