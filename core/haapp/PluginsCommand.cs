using System.CommandLine;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli;

/// <summary><c>haapp plugins</c>: lists the loaded plugins, their versions and the type names they register.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var folders = new Option<string[]>("--plugin-dir")
        {
            Description = "An extra drop-in plugin folder, searched after the built-in one (repeatable).",
        };
        var command = new Command("plugins", "List the loaded plugins, their versions and the types they register.");
        command.Options.Add(folders);
        command.SetAction(parseResult =>
        {
            var extra = parseResult.GetValue(folders) ?? [];
            try
            {
                using var catalog = PluginCatalog.Load(extra);
                Console.Out.Write(Describe(catalog, [PluginCatalog.DefaultFolder, .. extra]));
                return 0;
            }
            catch (PluginLoadException ex)
            {
                Console.Error.WriteLine($"haapp: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The listing: one line per plugin, then one indented line per registered type.</summary>
    internal static string Describe(PluginCatalog catalog, IEnumerable<string> folders)
    {
        var text = new System.Text.StringBuilder();
        if (catalog.Plugins.Count == 0)
        {
            text.AppendLine($"no plugins found in: {string.Join(", ", folders)}");
            return text.ToString();
        }

        foreach (var plugin in catalog.Plugins)
        {
            text.AppendLine($"{plugin.Name} {plugin.Version}  {plugin.AssemblyPath}");
            foreach (var registration in plugin.Registrations)
            {
                text.AppendLine($"  {registration.KindName}: {registration.Type}");
            }
        }

        return text.ToString();
    }
}
