namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// A plugin could not be loaded or registered: an unsafe file, a missing main assembly, a load failure,
/// a duplicate type name. The message names the file (and both plugins for a duplicate).
/// </summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message (serialisation convention).</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception with a message (serialisation convention).</summary>
    public PluginLoadException(string message)
        : base(message)
    {
    }
}
