using HaAppliance.Config;

namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// A configured item names an unknown plugin type or carries a setting that does not bind;
/// <see cref="Diagnostic"/> names FILE:LINE:COL, the key and the value.
/// </summary>
public sealed class PluginConfigurationException : Exception
{
    /// <summary>Creates the exception from a diagnostic; the message is the diagnostic's text.</summary>
    public PluginConfigurationException(ConfigDiagnostic diagnostic, Exception? inner = null)
        : base(diagnostic.ToString(), inner)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>The finding, with its location.</summary>
    public ConfigDiagnostic Diagnostic { get; }
}
