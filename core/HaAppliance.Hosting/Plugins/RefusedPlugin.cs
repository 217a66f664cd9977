namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// A plugin the catalog did not load because it was built for an SDK this host cannot serve. The other plugins
/// load; configuration that uses one of its types fails as an unknown type.
/// </summary>
/// <param name="Name">The plugin's folder name.</param>
/// <param name="AssemblyPath">Full path of its main assembly.</param>
/// <param name="SdkVersion">The SDK version (MAJOR.MINOR.0.0) it was built against.</param>
/// <param name="Message">The one line that says so, naming both versions.</param>
public sealed record RefusedPlugin(string Name, string AssemblyPath, Version SdkVersion, string Message);
