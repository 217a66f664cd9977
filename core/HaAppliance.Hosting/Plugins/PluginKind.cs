namespace HaAppliance.Hosting.Plugins;

/// <summary>The kinds of named types a plugin can register.</summary>
public enum PluginKind
{
    /// <summary>An <see cref="HaAppliance.Abstractions.IHealthCheck"/> (<c>checks: - type: http</c>).</summary>
    HealthCheck,

    /// <summary>An <see cref="HaAppliance.Abstractions.INotifier"/>.</summary>
    Notifier,

    /// <summary>An <see cref="HaAppliance.Abstractions.IVipBackend"/>.</summary>
    VipBackend,
}
