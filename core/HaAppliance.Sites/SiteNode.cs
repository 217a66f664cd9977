using HaAppliance.Config;

namespace HaAppliance.Sites;

/// <summary>One node of a site: its loaded configuration and the name findings use for it.</summary>
/// <param name="Name">The node's <c>router_id</c>, else its file name (see <see cref="NameOf"/>).</param>
/// <param name="Config">The node's validated configuration.</param>
public sealed record SiteNode(string Name, HaConfig Config)
{
    /// <summary>The name of a node: <c>router_id</c> when set, else the source file's name without extension.</summary>
    public static string NameOf(HaConfig config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        return !string.IsNullOrWhiteSpace(config.Global.RouterId)
            ? config.Global.RouterId
            : Path.GetFileNameWithoutExtension(path);
    }
}
