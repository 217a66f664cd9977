using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Sites;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp site check NODE_CONFIG... [--site SITE]... [--var KEY=VALUE]</c>: pairs the nodes' instances by
/// (interface, family, VRID) and prints one line per finding, pinned to FILE:LINE:COL, then a summary.
/// Exits 1 when there is an error.
/// </summary>
internal static partial class SiteCommand
{
    private static Command Check()
    {
        var inputs = new NodeInputs();
        var command = new Command("check", "Check that the nodes of one site agree; print findings as FILE:LINE:COL, exit 1 on an error.");
        inputs.AddTo(command);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (LoadNodes(parse, inputs, "check", error) is not { } nodes)
            {
                return 1;
            }

            return Report(new Site(nodes), parse.InvocationConfiguration.Output, error);
        });
        return command;
    }

    /// <summary>Prints the findings (standard error, like <c>haapp check</c>) and the summary; returns the exit code.</summary>
    internal static int Report(Site site, TextWriter output, TextWriter error)
    {
        var findings = SiteChecker.Check(site);
        foreach (var f in findings)
        {
            error.WriteLine(f.ToString());
        }

        var errors = findings.Count(f => f.Severity == DiagnosticSeverity.Error);
        var warnings = findings.Count - errors;
        var name = $"site {string.Join(", ", site.Nodes.Select(n => n.Name))}";
        if (errors > 0)
        {
            error.WriteLine($"{name}: {Plural(errors, "error")}, {Plural(warnings, "warning")}");
            return 1;
        }

        output.WriteLine($"{name}: OK: {Plural(site.Groups.Count, "virtual router")}, {Plural(warnings, "warning")}");
        foreach (var group in site.Groups)
        {
            var master = group.Aggregate((x, y) => y.Outranks(y.PriorityWith([]) ?? 0, x, x.PriorityWith([]) ?? 0) ? y : x);
            output.WriteLine($"  {group[0].Name} ({group[0].Key}): " + string.Join(", ", group.Select(Priorities)) + $"; master {master.Node.Name}");
        }

        return 0;
    }

    private static string Priorities(SiteInstance i)
    {
        var weighted = i.Trackers.Where(t => t.Weight != 0).Select(t => t.Id).ToList();
        var failing = weighted.Count == 0 ? "" : $" ({i.PriorityWith(weighted)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "fault"} with its checks failing)";
        return $"{i.Node.Name} priority {i.PriorityWith([])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "fault"}{failing}";
    }
}
