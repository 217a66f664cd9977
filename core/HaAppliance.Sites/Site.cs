namespace HaAppliance.Sites;

/// <summary>The nodes of one site and their instances, paired by <see cref="SegmentKey"/>.</summary>
public sealed class Site
{
    public Site(IReadOnlyList<SiteNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var duplicate = nodes.GroupBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two nodes are named '{duplicate.Key}': give each a distinct router_id", nameof(nodes));
        }

        Nodes = nodes;
        Instances = [.. nodes.SelectMany((n, i) => n.Config.Instances.Select(c => new SiteInstance(n, i, c)))];

        // One instance per node and key: a node's own duplicate is the single-node validator's business.
        Groups = [.. Instances.GroupBy(i => i.Key)
            .Select(g => (IReadOnlyList<SiteInstance>)g.GroupBy(i => i.NodeIndex).Select(n => n.First()).ToList())];
    }

    public IReadOnlyList<SiteNode> Nodes { get; }

    /// <summary>Every instance of every node, in node order then file order.</summary>
    public IReadOnlyList<SiteInstance> Instances { get; }

    /// <summary>The virtual routers: the instances of one key, at most one per node, in order of first appearance.</summary>
    public IReadOnlyList<IReadOnlyList<SiteInstance>> Groups { get; }
}
