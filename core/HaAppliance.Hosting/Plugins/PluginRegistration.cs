using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Plugins;

/// <summary>One named type registered by a plugin: its kind, name, options class and factory.</summary>
public sealed record PluginRegistration(
    PluginKind Kind,
    string Type,
    Type OptionsType,
    LoadedPlugin Plugin,
    Func<object, PluginContext, object> Factory)
{
    /// <summary>The word used in messages: "health check", "notifier", "VIP backend".</summary>
    public string KindName => Kind switch
    {
        PluginKind.HealthCheck => "health check",
        PluginKind.Notifier => "notifier",
        _ => "VIP backend",
    };
}
