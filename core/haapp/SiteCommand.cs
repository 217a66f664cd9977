using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Config.Validation;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Sites;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp site check|whatif|render</c>: tools over all the nodes of one site at once. The subcommands are in
/// SiteCommand.*.cs; this file holds what they share: reading the nodes' configurations like <c>haapp check</c>.
/// </summary>
internal static partial class SiteCommand
{
    public static Command Create() => new("site", "Check that the nodes of a site agree, and what a failure would do.")
    {
        Check(), WhatIfCommand(), Render(),
    };

    /// <summary>The inputs every node-reading subcommand takes: configs, --site per template, --var.</summary>
    private sealed class NodeInputs
    {
        public Argument<string[]> Configs { get; } = new("node-config")
        {
            Description = "Each node's configuration: .yaml, keepalived.conf, or a .sbn template (give one --site per template, in order).",
            Arity = ArgumentArity.OneOrMore,
        };

        public Option<string[]> Sites { get; } = new("--site") { Description = "Site values for the templates, in the order of the templates (repeatable)." };

        public Option<string[]> Vars { get; } = new("--var") { Description = "Override a site value in every template: KEY=VALUE (repeatable)." };

        public void AddTo(Command command)
        {
            command.Arguments.Add(Configs);
            command.Options.Add(Sites);
            command.Options.Add(Vars);
        }
    }

    /// <summary>
    /// Reads every node's configuration with the plugins <c>haapp run</c> would load and prints each node's own
    /// diagnostics as <c>haapp check</c> does. Returns null (after printing why) when a node cannot be used.
    /// </summary>
    private static List<SiteNode>? LoadNodes(ParseResult parse, NodeInputs inputs, string verb, TextWriter error)
    {
        if (!CheckCommand.TryParseVariables(parse.GetValue(inputs.Vars), out var overrides, out var bad))
        {
            error.WriteLine($"haapp site {verb}: --var '{bad}' is not KEY=VALUE");
            return null;
        }

        var paths = parse.GetValue(inputs.Configs) ?? [];
        var sites = new Queue<string>(parse.GetValue(inputs.Sites) ?? []);
        var validator = LoadValidator();
        var nodes = new List<SiteNode>();
        var errors = 0;
        foreach (var path in paths)
        {
            var site = ConfigLoader.IsTemplate(path) && sites.Count > 0 ? sites.Dequeue() : null;
            var result = ConfigLoader.Load(path, site, validator, overrides);
            foreach (var d in result.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            errors += result.Errors.Count();
            if (result.Ok)
            {
                nodes.Add(new SiteNode(SiteNode.NameOf(result.Config!, path), result.Config!));
            }
        }

        if (sites.Count > 0)
        {
            error.WriteLine($"haapp site {verb}: {sites.Count} --site value(s) left over: each --site goes with one .sbn template, in order");
            return null;
        }

        return Finish(nodes, errors, error);
    }

    /// <summary>Rejects a site whose nodes did not all load, or that names two nodes alike.</summary>
    private static List<SiteNode>? Finish(List<SiteNode> nodes, int errors, TextWriter error)
    {
        if (errors > 0)
        {
            error.WriteLine($"site: {errors} error{(errors == 1 ? "" : "s")} in the node configurations");
            return null;
        }

        var duplicate = nodes.GroupBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            error.WriteLine($"site: {duplicate.Count()} nodes are named '{duplicate.Key}' (by router_id, else file name): give each node its own router_id");
            return null;
        }

        return nodes;
    }

    /// <summary>The plugin type names of the plugins beside the binary, else the built-in list (as <c>haapp check</c>).</summary>
    private static ConfigValidator LoadValidator()
    {
        using var catalog = new PluginCatalog();
        try
        {
            catalog.LoadFolder(PluginCatalog.DefaultFolder);
        }
        catch (Exception e) when (e is PluginLoadException or IOException or UnauthorizedAccessException)
        {
            return ConfigValidator.BuiltIn;
        }

        return CheckCommand.Validator(catalog);
    }

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}
