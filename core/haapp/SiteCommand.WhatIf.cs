using System.CommandLine;
using System.Text.Json;
using HaAppliance.Sites;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp site whatif NODE_CONFIG... --fail TARGET [--recover TARGET] [--json]</c>: runs the site on the
/// simulated LAN with the real routers and fake time, injects the failure right after the master's advert, and
/// prints for each instance who holds it before and after, and after how long.
/// </summary>
internal static partial class SiteCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static Command WhatIfCommand()
    {
        var inputs = new NodeInputs();
        var fail = new Option<string[]>("--fail") { Description = "What fails: NODE, NODE:CHECK or NODE:IFACE (repeatable, or comma-separated).", Required = true };
        var recover = new Option<string[]>("--recover") { Description = "Then what recovers, same forms as --fail." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("whatif", "Simulate a failure on the site and show who holds each instance, and after how long.")
        {
            fail, recover, json,
        };
        inputs.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (LoadNodes(parse, inputs, "whatif", error) is not { } nodes)
            {
                return 1;
            }

            var site = new Site(nodes);
            var failTargets = Targets(parse.GetValue(fail), site, error);
            var recoverTargets = Targets(parse.GetValue(recover), site, error);
            if (failTargets is null || recoverTargets is null)
            {
                return 2;
            }

            var broken = SiteChecker.Check(site).Count(f => f.Severity == Config.DiagnosticSeverity.Error);
            if (broken > 0)
            {
                error.WriteLine($"haapp site whatif: warning: haapp site check finds {Plural(broken, "error")} in these nodes; the answer shows what such a site would do");
            }

            var report = WhatIf.Run(site, failTargets, recoverTargets);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(ToJson(report), Json));
            }
            else
            {
                WhatIf.Write(output, report);
            }

            return 0;
        });
        return command;
    }

    private static List<FailureTarget>? Targets(string[]? items, Site site, TextWriter error)
    {
        var targets = new List<FailureTarget>();
        foreach (var item in items ?? [])
        {
            var parsed = FailureTarget.Parse(item, site, out var problem);
            if (problem is not null)
            {
                error.WriteLine($"haapp site whatif: {problem}");
                return null;
            }

            targets.AddRange(parsed);
        }

        return targets;
    }

    /// <summary>Plain data for scripts: times as exact milliseconds.</summary>
    private static object ToJson(WhatIfReport report) => new
    {
        Steps = report.Steps.Select(s => new
        {
            s.Action,
            s.Targets,
            Instances = s.Outcomes.Select(o => new
            {
                o.Instance,
                o.Segment,
                o.Before,
                o.After,
                ElapsedMs = o.Elapsed?.TotalMilliseconds,
                o.Reason,
            }),
        }),
        report.Notes,
    };
}
