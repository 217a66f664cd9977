using System.CommandLine;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp plugins [-c CONFIG] [--plugin-dir DIR]</c>: lists the plugins <c>haapp run</c> would load (the folder beside
/// the binary, <c>--plugin-dir</c> folders, the config's <c>plugin_folders</c>), their versions, the plugin SDK version
/// each was built against and the type names they register; plugins refused for their SDK version, one line each.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var folders = new Option<string[]>("--plugin-dir")
        {
            Description = "An extra drop-in plugin folder, searched after the built-in one (repeatable).",
        };
        var config = new Option<string?>("--config", "-c") { Description = "Also load the configuration's plugin_folders, as 'haapp run -c' does." };
        var site = new Option<string?>("--site") { Description = "Site values when the configuration is a template." };
        var command = new Command("plugins", "List the loaded plugins, their versions, SDK versions and the types they register.")
        {
            folders, config, site,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var extra = parse.GetValue(folders) ?? [];
            var path = parse.GetValue(config);
            using var catalog = new PluginCatalog();
            if (path is null)
            {
                try
                {
                    catalog.LoadFolder(PluginCatalog.DefaultFolder);
                    foreach (var folder in extra)
                    {
                        catalog.LoadFolder(folder);
                    }
                }
                catch (Exception ex) when (ex is PluginLoadException or IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"haapp: {ex.Message}");
                    return 1;
                }
            }
            else
            {
                var (result, pluginError) = CheckCommand.Load(catalog, PluginCatalog.DefaultFolder, path, parse.GetValue(site), new Dictionary<string, string>(), extra);
                if (pluginError is not null)
                {
                    error.WriteLine(pluginError.ToString());
                    return 1;
                }

                if (result.Config is null)
                {
                    // The file could not be read at all, so its plugin_folders are unknown.
                    foreach (var d in result.Diagnostics)
                    {
                        error.WriteLine(d.ToString());
                    }

                    return 1;
                }
            }

            output.Write(Describe(catalog, [PluginCatalog.DefaultFolder, .. extra]));
            return 0;
        });
        return command;
    }

    /// <summary>The host's SDK line: which plugin SDK versions this host loads.</summary>
    internal static string HostSdkLine() =>
        $"plugin SDK {PluginSdk.HostVersion} (HaAppliance.Abstractions; loads plugins built for SDK " +
        $"{PluginSdk.HostAssemblyVersion.Major}.0 to {PluginSdk.Format(PluginSdk.HostAssemblyVersion)})";

    /// <summary>
    /// The listing: the host's SDK line, one line per plugin (name, version, SDK version, path), one indented line per
    /// registered type, then one line per refused plugin.
    /// </summary>
    internal static string Describe(PluginCatalog catalog, IEnumerable<string> folders)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(HostSdkLine());
        if (catalog.Plugins.Count == 0 && catalog.Refused.Count == 0)
        {
            text.AppendLine($"no plugins found in: {string.Join(", ", folders)}");
            return text.ToString();
        }

        foreach (var plugin in catalog.Plugins)
        {
            var sdk = plugin.SdkVersion is { } v ? PluginSdk.Format(v) : "none";
            text.AppendLine($"{plugin.Name} {plugin.Version} (SDK {sdk})  {plugin.AssemblyPath}");
            foreach (var registration in plugin.Registrations)
            {
                text.AppendLine($"  {registration.KindName}: {registration.Type}");
            }
        }

        foreach (var refused in catalog.Refused)
        {
            text.AppendLine(refused.Message);
        }

        return text.ToString();
    }
}
