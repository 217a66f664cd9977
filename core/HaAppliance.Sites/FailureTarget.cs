namespace HaAppliance.Sites;

/// <summary>What fails: a whole node, one check on a node, or one interface's link on a node.</summary>
public enum FailureKind
{
    NodeDown,
    CheckFails,
    LinkDown,
}

/// <summary>A <c>--fail</c> / <c>--recover</c> target: <c>NODE</c>, <c>NODE:CHECK</c> or <c>NODE:IFACE</c>.</summary>
public sealed record FailureTarget(FailureKind Kind, string Node, string? Name)
{
    public override string ToString() => Name is null ? Node : $"{Node}:{Name}";

    /// <summary>
    /// Resolves <paramref name="text"/> against the site: the node must exist; after the colon, a check name of
    /// that node wins over an interface name. Several targets may be separated by commas.
    /// </summary>
    public static IReadOnlyList<FailureTarget> Parse(string text, Site site, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(site);
        error = null;
        var targets = new List<FailureTarget>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var nodeName = colon < 0 ? item : item[..colon];
            var node = site.Nodes.FirstOrDefault(n => n.Name == nodeName);
            if (node is null)
            {
                error = $"'{item}': no node named '{nodeName}'; nodes: {string.Join(", ", site.Nodes.Select(n => n.Name))}";
                return [];
            }

            if (colon < 0)
            {
                targets.Add(new FailureTarget(FailureKind.NodeDown, node.Name, null));
                continue;
            }

            var name = item[(colon + 1)..];
            var checks = node.Config.Checks.Select(c => c.Name).ToList();
            var interfaces = node.Config.Instances.Select(i => i.Interface)
                .Concat(node.Config.Instances.SelectMany(i => i.TrackInterfaces.Select(t => t.Name)))
                .Distinct(StringComparer.Ordinal).ToList();
            if (checks.Contains(name, StringComparer.Ordinal))
            {
                targets.Add(new FailureTarget(FailureKind.CheckFails, node.Name, name));
            }
            else if (interfaces.Contains(name, StringComparer.Ordinal))
            {
                targets.Add(new FailureTarget(FailureKind.LinkDown, node.Name, name));
            }
            else
            {
                error = $"'{item}': node {node.Name} has no check or interface '{name}'; checks: {Join(checks)}; interfaces: {Join(interfaces)}";
                return [];
            }
        }

        if (targets.Count == 0)
        {
            error = $"'{text}' names no target; write NODE, NODE:CHECK or NODE:IFACE";
        }

        return targets;
    }

    private static string Join(IReadOnlyCollection<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
