using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// The plugin SDK's versioning rule (docs/plugins.md, "Versions"). HaAppliance.Abstractions has a version of its own,
/// apart from the product's; its assembly version is MAJOR.MINOR.0.0, so a plugin's assembly reference records the
/// SDK major and minor it was built against. A host loads plugins built for its own major, from minor 0 up to its own
/// minor; another major, or a newer minor (members this host lacks), is refused before the plugin is loaded.
/// </summary>
public static class PluginSdk
{
    /// <summary>The SDK assembly's name, as plugins reference it.</summary>
    public const string AssemblyName = "HaAppliance.Abstractions";

    /// <summary>The host's SDK assembly version (MAJOR.MINOR.0.0).</summary>
    public static Version HostAssemblyVersion { get; } = typeof(IHaPlugin).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>The host's SDK version, MAJOR.MINOR.PATCH (the package version).</summary>
    public static string HostVersion { get; } = InformationalVersion(typeof(IHaPlugin).Assembly);

    /// <summary>
    /// The SDK version (MAJOR.MINOR.0.0) the assembly at <paramref name="assemblyPath"/> references, read from its
    /// metadata without loading it; null when it references none or is not a .NET assembly.
    /// </summary>
    public static Version? ReadReference(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, AssemblyName))
                {
                    return reference.Version;
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException)
        {
            return null; // not an assembly: the load itself reports it
        }
    }

    /// <summary>The SDK version a loaded assembly references; null when it references none.</summary>
    public static Version? ReferencedBy(Assembly assembly) =>
        assembly.GetReferencedAssemblies().FirstOrDefault(n => string.Equals(n.Name, AssemblyName, StringComparison.Ordinal))?.Version;

    /// <summary>Why a plugin built against SDK <paramref name="built"/> cannot load in this host; null when it can.</summary>
    public static string? Incompatibility(Version built) => Incompatibility(built, HostAssemblyVersion);

    /// <summary>Why a plugin built against SDK <paramref name="built"/> cannot load in a host with SDK <paramref name="host"/>; null when it can.</summary>
    public static string? Incompatibility(Version built, Version host)
    {
        ArgumentNullException.ThrowIfNull(built);
        ArgumentNullException.ThrowIfNull(host);
        return built.Major != host.Major ? "another major version"
            : built.Minor > host.Minor ? "a newer minor version than this host's"
            : null;
    }

    /// <summary>The one line that refuses a plugin built for <paramref name="built"/>: it names both versions.</summary>
    public static string RefusalMessage(string plugin, string assemblyPath, Version built) =>
        $"plugin {plugin}: refused: built for plugin SDK {Format(built)} ({Incompatibility(built)}), this host has SDK {HostVersion} " +
        $"and loads plugins built for SDK {HostAssemblyVersion.Major}.0 to {Format(HostAssemblyVersion)}: {assemblyPath}";

    /// <summary>MAJOR.MINOR of an SDK assembly version.</summary>
    public static string Format(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.ToString(2);
    }

    private static string InformationalVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "?";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
