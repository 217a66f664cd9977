namespace HaAppliance.Abstractions;

/// <summary>
/// The plugin entry point. The loader creates every public, non-abstract class implementing this interface
/// in a plugin's main assembly (with a public parameterless constructor) and calls <see cref="Register"/> once.
/// </summary>
public interface IHaPlugin
{
    /// <summary>Registers the plugin's named types.</summary>
    /// <param name="registry">Where to register.</param>
    void Register(IPluginRegistry registry);
}
