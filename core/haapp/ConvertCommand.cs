using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp convert keepalived.conf [-o OUT.yaml]</c>: reads keepalived's syntax as it is and writes our YAML.
/// Unsupported constructs are listed (line by line) on standard error; errors stop the conversion.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("keepalived.conf") { Description = "keepalived configuration file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML here instead of standard output." };
        var command = new Command("convert", "Convert a keepalived.conf to haapp's YAML.") { input, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var error = parse.InvocationConfiguration.Error;
            var result = ConfigLoader.Load(path);
            foreach (var d in result.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            if (!result.Ok)
            {
                error.WriteLine($"{path}: not converted ({result.Errors.Count()} errors)");
                return 1;
            }

            var yaml = Header(path, result.Config!, result.Diagnostics) + ConfigYamlWriter.Write(result.Config!);
            if (parse.GetValue(output) is { } outPath)
            {
                File.WriteAllText(outPath, yaml);
                error.WriteLine($"{path}: converted to {outPath}");
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(yaml);
            }

            // Last on the terminal, where it is seen: what the YAML does differently from keepalived.conf.
            error.Write(Summary(path, result.Config!, result.Diagnostics));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The file's first lines: where it came from and what keepalived.conf said that this YAML does not carry,
    /// so the record of dropped lines stays with the file rather than only in a terminal's scrollback.
    /// </summary>
    internal static string Header(string path, HaConfig config) => Header(path, config, []);

    /// <summary>What behaves differently after conversion: the unsupported constructs, then the other warnings (values changed or defaulted).</summary>
    internal static (List<ConfigDiagnostic> Dropped, List<ConfigDiagnostic> Changed) Differences(HaConfig config, IEnumerable<ConfigDiagnostic> diagnostics)
    {
        var dropped = config.Unsupported.Distinct().ToList();
        var changed = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && !dropped.Contains(d)).Distinct().ToList();
        return (dropped, changed);
    }

    /// <summary>The closing summary on standard error; empty when the YAML behaves as the keepalived.conf did.</summary>
    internal static string Summary(string path, HaConfig config, IEnumerable<ConfigDiagnostic> diagnostics)
    {
        var (dropped, changed) = Differences(config, diagnostics);
        if (dropped.Count + changed.Count == 0)
        {
            return "";
        }

        var sb = new System.Text.StringBuilder();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n*** {path}: converted, but {dropped.Count + changed.Count} thing(s) will behave differently from keepalived:\n");
        foreach (var d in dropped.Concat(changed))
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"***   {Path.GetFileName(d.Location.File)}:{d.Location.Line}: {d.Message.ReplaceLineEndings(" ")}\n");
        }

        sb.Append("*** The same list is at the top of the YAML file. Review it before running haapp with it.\n");
        return sb.ToString();
    }

    internal static string Header(string path, HaConfig config, IEnumerable<ConfigDiagnostic> diagnostics)
    {
        var header = new System.Text.StringBuilder();
        header.Append("# Converted from ").Append(Path.GetFileName(path)).Append(" by haapp convert.\n");
        var (dropped, changed) = Differences(config, diagnostics);
        if (dropped.Count > 0)
        {
            header.Append("# Not converted (unsupported by haapp):\n");
            foreach (var d in dropped)
            {
                // One comment line each: a message never ends the comment early.
                var message = d.Message.ReplaceLineEndings(" ");
                header.Append(System.Globalization.CultureInfo.InvariantCulture, $"#   {Path.GetFileName(d.Location.File)}:{d.Location.Line}: {message}\n");
            }
        }

        if (changed.Count > 0)
        {
            header.Append("# Converted with a change (values adjusted or defaulted):\n");
            foreach (var d in changed)
            {
                header.Append(System.Globalization.CultureInfo.InvariantCulture, $"#   {Path.GetFileName(d.Location.File)}:{d.Location.Line}: {d.Message.ReplaceLineEndings(" ")}\n");
            }
        }

        return header.ToString();
    }
}
