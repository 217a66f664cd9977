namespace HaAppliance.Hosting.Plugins;

/// <summary>How the catalog loads plugins.</summary>
public sealed class PluginCatalogOptions
{
    /// <summary>
    /// Refuse plugin files and folders a non-root user can write. Null (the default): only when running
    /// as root, as keepalived's script security does.
    /// </summary>
    public bool? EnforceFileSecurity { get; set; }

    /// <summary>The clock handed to plugins through <see cref="HaAppliance.Abstractions.PluginContext.TimeProvider"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
