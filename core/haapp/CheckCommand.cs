using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Config.Validation;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp check [-c FILE] [--site SITE] [--var KEY=VALUE] [--plugin-dir DIR] [--host]</c>: validates a configuration. Prints every
/// problem as <c>FILE:LINE:COL: error: ...</c> and exits 1, or a short summary and exits 0.
/// Without <c>-c</c> it checks the file <c>haapp run</c> reads (<see cref="DaemonConfig.Path"/>). What only this host
/// reveals (an interface that does not exist, no address to send from) is a warning, or with <c>--host</c> (alias
/// <c>--strict</c>: this is the host that will run it) an error, as <c>haapp run</c> refuses it. Plugin type names are checked against the
/// plugins <c>haapp run</c> would load (the <c>plugins/</c> folder beside the binary, <c>--plugin-dir</c> and the
/// config's <c>plugin_folders</c>); when none load, against the built-in list.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Name under which the embedded default configuration (etc/haapp.yaml) is reported.</summary>
    public const string DefaultConfigName = "<built-in>/etc/haapp.yaml";

    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file: .yaml, keepalived.conf, or a .sbn template (with --site)." };
        var site = new Option<string?>("--site") { Description = "Site values for a template: a file, or a name in etc/sites/." };
        var vars = new Option<string[]>("--var") { Description = "Override a site value: KEY=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        var plugins = new Option<string[]>("--plugin-dir") { Description = "Extra drop-in plugin folder, as for 'haapp run' (repeatable)." };
        var host = new Option<bool>("--host", "--strict")
        {
            Description = "This is the host that will run it: what 'haapp run' would refuse here (a missing interface, no address to send from) is an error, not a warning.",
        };
        var command = new Command("check", $"Validate a configuration ({DaemonConfig.DefaultPath} or ${DaemonConfig.EnvironmentVariable} without -c); print errors as FILE:LINE:COL, exit 1 when any.")
        {
            config, site, vars, plugins, host,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!CheckCommand.TryParseVariables(parse.GetValue(vars), out var overrides, out var bad))
            {
                error.WriteLine($"haapp check: --var '{bad}' is not KEY=VALUE");
                return 2;
            }

            var path = parse.GetValue(config);
            if (path is null)
            {
                path = DaemonConfig.Path;
                if (!File.Exists(path))
                {
                    error.WriteLine($"haapp check: no configuration at {path} (the file 'haapp run' reads without -c); {DaemonConfig.HowToGiveOne}.");
                    return 1;
                }
            }

            using var catalog = new PluginCatalog();
            var (result, pluginError) = Load(catalog, PluginCatalog.DefaultFolder, path, parse.GetValue(site), overrides, parse.GetValue(plugins) ?? []);
            if (pluginError is not null)
            {
                error.WriteLine(pluginError.ToString());
                error.WriteLine($"{path}: 1 error");
                return 1;
            }

            if (result.Ok && catalog.Plugins.Count > 0)
            {
                result = result with { Diagnostics = [.. result.Diagnostics, .. PluginSettingsCheck.Bind(catalog, result.Config!)] };
            }

            if (result.Ok)
            {
                result = result with
                {
                    Diagnostics =
                    [
                        .. result.Diagnostics,
                        .. HostDiagnostics(result.Config!, new SystemInterfaceResolver(), parse.GetValue(host)),
                        .. HaAppliance.Notifications.Scripts.NotifyScriptSecurity.Check(result.Config!),
                    ],
                };
            }

            foreach (var d in result.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            if (!result.Ok)
            {
                var count = result.Errors.Count();
                error.WriteLine($"{path}: {count} error{(count == 1 ? "" : "s")}");
                return 1;
            }

            WriteSummary(output, path, result.Config!);
            WritePluginTypes(output, catalog);
            return 0;
        });
        return command;
    }

    public static void WriteSummary(TextWriter output, string path, HaConfig config)
    {
        var vips = config.Instances.Sum(i => i.VirtualAddresses.Count);
        output.WriteLine($"{path}: OK: {Plural(config.Instances.Count, "instance")}, {Plural(vips, "VIP")}, " +
                         $"{Plural(config.Checks.Count, "check")}, {Plural(config.Notifiers.Count, "notifier")}, {Plural(config.SyncGroups.Count, "sync group")}");
        foreach (var i in config.Instances)
        {
            var version = i.Version ?? config.Global.VrrpVersion;
            var peers = i.UnicastPeers.Count > 0 ? $" unicast {string.Join(",", i.UnicastPeers)}" : " multicast";
            output.WriteLine($"  {i.Name}: {i.Interface} vrid {i.VirtualRouterId} priority {i.EffectivePriority} v{version} advert {Duration.Format(i.AdvertInterval)}{peers} " +
                             $"VIPs {string.Join(" ", i.VirtualAddresses)}" +
                             (i.TrackChecks.Count > 0 ? $" checks {string.Join(",", i.TrackChecks.Select(t => t.Name))}" : ""));
        }
    }

    /// <summary>
    /// Loads the plugins <c>haapp run</c> loads, in its order: beside the binary (<paramref name="defaultFolder"/>), then
    /// <paramref name="pluginDirs"/> (<c>--plugin-dir</c>), reads the configuration validating plugin types against them,
    /// then loads the config's <c>plugin_folders</c> (relative to the file) and reads it again with those types too. Each
    /// folder loads once. A plugin that fails to load is an error at <c>plugin_folders</c> (or at the folder itself); a
    /// plugin refused for its SDK version is a warning there, and its types are unknown.
    /// </summary>
    internal static (ConfigLoadResult Result, ConfigDiagnostic? PluginError) Load(
        PluginCatalog catalog, string defaultFolder, string? path, string? site, IReadOnlyDictionary<string, string> overrides,
        IReadOnlyList<string>? pluginDirs = null)
    {
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<ConfigDiagnostic>();
        ConfigDiagnostic? LoadFolder(string folder, SourceLocation where)
        {
            var full = Path.GetFullPath(folder);
            if (!loaded.Add(full))
            {
                return null;
            }

            var refusedBefore = catalog.Refused.Count;
            try
            {
                catalog.LoadFolder(full);
            }
            catch (Exception e) when (e is PluginLoadException or IOException or UnauthorizedAccessException)
            {
                return ConfigDiagnostic.Error(where, e.Message);
            }

            warnings.AddRange(catalog.Refused.Skip(refusedBefore).Select(r => ConfigDiagnostic.Warning(where, r.Message)));
            return null;
        }

        foreach (var folder in (IEnumerable<string>)[defaultFolder, .. pluginDirs ?? []])
        {
            if (LoadFolder(folder, new SourceLocation(folder, 0, 0)) is { } error)
            {
                return (new ConfigLoadResult(null, []), error);
            }
        }

        ConfigLoadResult Read() => path is null
            ? ConfigLoader.LoadYamlText(DefaultConfigText(), DefaultConfigName, Validator(catalog))
            : ConfigLoader.Load(path, site, Validator(catalog), overrides, keepalivedKeywords: catalog.KeepalivedKeywords());

        var result = Read();
        if (path is not null && result.Config is { PluginFolders.Count: > 0 } withFolders)
        {
            var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var loadedBefore = catalog.Plugins.Count;
            for (var i = 0; i < withFolders.PluginFolders.Count; i++)
            {
                var folder = withFolders.PluginFolders[i];
                var full = Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(baseDir, folder));
                var where = withFolders.WhereItem("plugin_folders", i);
                if (!Directory.Exists(full))
                {
                    // haapp run skips it too; say so, since the types it should bring will be reported unknown.
                    warnings.Add(ConfigDiagnostic.Warning(where, $"plugin folder '{folder}' does not exist ({full}); no plugins loaded from it"));
                    continue;
                }

                if (LoadFolder(full, where) is { } error)
                {
                    return (result, error);
                }
            }

            if (catalog.Plugins.Count != loadedBefore)
            {
                result = Read();
            }
        }

        return (warnings.Count == 0 ? result : result with { Diagnostics = [.. warnings, .. result.Diagnostics] }, null);
    }

    /// <summary>
    /// What <c>haapp run</c> refuses on this host although the file is valid (an interface that does not exist here, no
    /// address to send adverts from): errors when <paramref name="isHost"/> (<c>--host</c>), else warnings saying so.
    /// </summary>
    internal static IEnumerable<ConfigDiagnostic> HostDiagnostics(HaConfig config, IInterfaceResolver interfaces, bool isHost) =>
        InstanceSpecBuilder.Build(config, interfaces).Errors.Select(e => isHost
            ? e
            : ConfigDiagnostic.Warning(e.Location, $"{e.Message}; 'haapp run' refuses this on this host (--host makes it an error)"));

    /// <summary>The loaded plugins' type names; <see cref="ConfigValidator.BuiltIn"/> when no plugin loaded (e.g. a bare build).</summary>
    internal static ConfigValidator Validator(PluginCatalog catalog) => catalog.Plugins.Count == 0
        ? ConfigValidator.BuiltIn
        : new ConfigValidator(catalog.TypesOf(PluginKind.HealthCheck), catalog.TypesOf(PluginKind.Notifier), catalog.TypesOf(PluginKind.VipBackend));

    private static void WritePluginTypes(TextWriter output, PluginCatalog catalog)
    {
        if (catalog.Plugins.Count == 0)
        {
            output.WriteLine("  plugin types: built-in list (no plugins found beside the binary)");
            return;
        }

        output.WriteLine($"  plugin types from {Plural(catalog.Plugins.Count, "plugin")}: checks {string.Join(",", catalog.TypesOf(PluginKind.HealthCheck))}; " +
                         $"notifiers {string.Join(",", catalog.TypesOf(PluginKind.Notifier))}; vip backends {string.Join(",", catalog.TypesOf(PluginKind.VipBackend))}");
    }

    /// <summary>The default configuration compiled into the CLI (etc/haapp.yaml).</summary>
    public static string DefaultConfigText()
    {
        using var stream = typeof(CheckCommand).Assembly.GetManifestResourceStream("HaAppliance.DefaultConfig.yaml")
            ?? throw new InvalidOperationException("the built-in default configuration is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses <c>--var KEY=VALUE</c> options (shared with <c>render</c>).</summary>
    public static bool TryParseVariables(string[]? items, out Dictionary<string, string> values, out string? bad)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        bad = null;
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                bad = item;
                return false;
            }

            values[item[..eq]] = item[(eq + 1)..];
        }

        return true;
    }

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}
