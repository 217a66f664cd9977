namespace HaAppliance.Hosting.Plugins;

/// <summary>A plugin the catalog loaded: where from, which version, and the types it registered.</summary>
public sealed class LoadedPlugin
{
    internal LoadedPlugin(string name, string version, string assemblyPath)
    {
        Name = name;
        Version = version;
        AssemblyPath = assemblyPath;
    }

    /// <summary>The plugin's name: its folder name (<c>Http</c>), or the assembly name for in-process plugins.</summary>
    public string Name { get; }

    /// <summary>The main assembly's informational version (or assembly version).</summary>
    public string Version { get; }

    /// <summary>The plugin SDK version (MAJOR.MINOR.0.0) the plugin was built against; null if it references none.</summary>
    public Version? SdkVersion { get; init; }

    /// <summary>Full path of the main assembly.</summary>
    public string AssemblyPath { get; }

    /// <summary>The types this plugin registered, in registration order.</summary>
    public IReadOnlyList<PluginRegistration> Registrations => _registrations;

    private readonly List<PluginRegistration> _registrations = [];

    internal void Add(PluginRegistration registration) => _registrations.Add(registration);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Version} ({AssemblyPath})";
}
