namespace HaAppliance.Config;

/// <summary>
/// A health check: <see cref="Type"/> names a plugin type (<c>process</c>, <c>http</c>, <c>script</c>, ...);
/// the tracker fields are the kernel's; <see cref="Settings"/> is the plugin's own section.
/// </summary>
public sealed class CheckConfig : ConfigNode
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A check that has not answered after this long counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive successes needed to go from failed to healthy.</summary>
    public int Rise { get; set; } = 1;

    /// <summary>Consecutive failures needed to go from healthy to failed.</summary>
    public int Fall { get; set; } = 1;

    /// <summary>Positive: added while healthy; negative: subtracted while failing; 0: failing means Fault.</summary>
    public int Weight { get; set; }

    /// <summary>Invert the result.</summary>
    public bool Reverse { get; set; }

    /// <summary>State assumed before the first result: healthy, as keepalived (init_fail / <c>init: fail</c> starts failed).</summary>
    public bool InitiallyHealthy { get; set; } = true;

    /// <summary>The plugin's own settings.</summary>
    public PluginSettings Settings { get; } = new();
}

/// <summary>A notifier (email, webhook, ...) by plugin type, with its settings.</summary>
public sealed class NotifierConfig : ConfigNode
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public PluginSettings Settings { get; } = new();
}

/// <summary>
/// A plugin's own settings section, flattened Microsoft.Extensions.Configuration style
/// (<c>headers:X-Token</c>, <c>expect_status:0</c>) with the location of every value.
/// </summary>
public sealed class PluginSettings
{
    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SourceLocation> Locations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string key, string? value, SourceLocation where)
    {
        Values[key] = value;
        Locations[key] = where;
    }
}
