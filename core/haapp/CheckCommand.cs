using System.CommandLine;
using HaAppliance.Kernel.Configuration;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp check [-c FILE] [--site SITE] [--var KEY=VALUE]</c>: validates a configuration. Prints every
/// problem as <c>FILE:LINE:COL: error: ...</c> and exits 1, or a short summary and exits 0.
/// Without <c>-c</c> it checks the built-in default configuration.
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
        var command = new Command("check", "Validate a configuration; print errors as FILE:LINE:COL, exit 1 when any.")
        {
            config, site, vars,
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
            var result = path is null
                ? ConfigLoader.LoadYamlText(DefaultConfigText(), DefaultConfigName)
                : ConfigLoader.Load(path, parse.GetValue(site), overrides: overrides);
            foreach (var d in result.Diagnostics.Distinct())
            {
                error.WriteLine(d.ToString());
            }

            if (!result.Ok)
            {
                var count = result.Errors.Count();
                error.WriteLine($"{path ?? DefaultConfigName}: {count} error{(count == 1 ? "" : "s")}");
                return 1;
            }

            WriteSummary(output, path ?? DefaultConfigName, result.Config!);
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
