using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Abstractions;

/// <summary>What a plugin factory gets besides its bound options.</summary>
/// <param name="Name">The configured name of the instance being created (the check's or notifier's name).</param>
/// <param name="Services">The kernel's service provider, including anything the plugin added to <see cref="IPluginRegistry.Services"/>.</param>
public sealed record PluginContext(string Name, IServiceProvider Services)
{
    /// <summary>A logger for this instance (category <c>HaAppliance.Plugins.&lt;type&gt;</c>); never null.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The registered type name (<c>http</c>, <c>script</c>, ...) this instance was created for.</summary>
    public string Type { get; init; } = "";

    /// <summary>The clock to use for delays and timestamps, so tests can drive time; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
