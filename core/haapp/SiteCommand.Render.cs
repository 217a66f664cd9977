using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Sites;
using HaAppliance.Templates;
using Scriban.Runtime;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp site render TEMPLATE --sites a,b [--var KEY=VALUE] [-o DIR]</c>: renders every node of each site
/// (the names in the site file's <c>nodes</c> list, passed to the template as <c>node</c>) and runs
/// <c>site check</c> on the result, so a template change is checked for whole sites before it ships.
/// With <c>-o</c>, writes DIR/SITE/NODE.yaml for each site that has no error.
/// </summary>
internal static partial class SiteCommand
{
    private static Command Render()
    {
        var template = new Argument<string>("template") { Description = "Scriban template, e.g. templates/web-pair.yaml.sbn." };
        var sites = new Option<string[]>("--sites") { Description = "Sites: files or names in etc/sites/, comma-separated or repeated.", Required = true };
        var vars = new Option<string[]>("--var") { Description = "Override a site value: KEY=VALUE (repeatable)." };
        var outDir = new Option<string?>("--output", "-o") { Description = "Write DIR/SITE/NODE.yaml for every site without errors." };
        var command = new Command("render", "Render every node of each site from one template, then check each site.")
        {
            template, sites, vars, outDir,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!CheckCommand.TryParseVariables(parse.GetValue(vars), out var overrides, out var bad))
            {
                error.WriteLine($"haapp site render: --var '{bad}' is not KEY=VALUE");
                return 2;
            }

            var templatePath = parse.GetValue(template)!;
            var exit = 0;
            var names = (parse.GetValue(sites) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            foreach (var siteArg in names)
            {
                if (RenderSite(templatePath, siteArg, overrides, parse.GetValue(outDir), output, error) != 0)
                {
                    exit = 1;
                }
            }

            return exit;
        });
        return command;
    }

    private static int RenderSite(string templatePath, string siteArg, Dictionary<string, string> overrides, string? outDir, TextWriter output, TextWriter error)
    {
        if (SiteLocator.Resolve(siteArg, templatePath, out var siteError) is not { } sitePath)
        {
            error.WriteLine($"haapp site render: {siteError}");
            return 1;
        }

        var (values, diagnostics) = SiteValues.Load(sitePath);
        foreach (var d in diagnostics)
        {
            error.WriteLine(d.ToString());
        }

        var nodeNames = values?["nodes"] is ScriptArray list
            ? list.OfType<ScriptObject>().Select(n => n["name"]?.ToString()).OfType<string>().ToList()
            : [];
        if (values is null || nodeNames.Count == 0)
        {
            error.WriteLine($"{sitePath}:1:1: error: the site file has no 'nodes' list with a 'name' per node; site render renders one config per node");
            return 1;
        }

        var siteName = Path.GetFileNameWithoutExtension(sitePath);
        var validator = LoadValidator();
        var nodes = new List<SiteNode>();
        var rendered = new List<(string Node, string Text)>();
        var errors = 0;
        foreach (var node in nodeNames)
        {
            var perNode = new Dictionary<string, string>(overrides, StringComparer.Ordinal) { ["node"] = node };
            var result = ConfigLoader.Load(templatePath, sitePath, validator, perNode, $"{templatePath}[{siteName}/{node}]");
            foreach (var d in result.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            errors += result.Errors.Count();
            if (result.Ok)
            {
                nodes.Add(new SiteNode(SiteNode.NameOf(result.Config!, node), result.Config!));
                rendered.Add((node, result.RenderedText!));
            }
        }

        if (Finish(nodes, errors, error) is not { } checkedNodes)
        {
            return 1;
        }

        output.WriteLine($"{siteName}: rendered {string.Join(", ", nodeNames)} from {templatePath}");
        var exit = Report(new Site(checkedNodes), output, error);
        if (exit == 0 && outDir is not null)
        {
            var dir = Path.Combine(outDir, siteName);
            Directory.CreateDirectory(dir);
            foreach (var (node, text) in rendered)
            {
                var path = Path.Combine(dir, node + ".yaml");
                File.WriteAllText(path, text);
                output.WriteLine($"  wrote {path}");
            }
        }

        return exit;
    }
}
