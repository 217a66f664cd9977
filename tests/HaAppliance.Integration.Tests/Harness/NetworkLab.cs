namespace HaAppliance.Integration.Tests.Harness;

/// <summary>
/// A small LAN for one test: a namespace holding a bridge, and host namespaces each with an <c>eth0</c> veth
/// whose peer is enslaved to the bridge. Nothing touches the host's own interfaces: every link is created inside a
/// test namespace. Names share a per-run prefix (<c>ha-xxxxxx</c>); dispose deletes them all, then sweeps any left
/// with this run's prefix.
/// </summary>
internal sealed class NetworkLab : IDisposable
{
    private readonly List<NetNamespace> _namespaces = [];
    private readonly NetNamespace _bridge;

    private NetworkLab(string prefix, NetNamespace bridge)
    {
        Prefix = prefix;
        _bridge = bridge;
        _namespaces.Add(bridge);
    }

    /// <summary>The prefix of every namespace this lab made.</summary>
    public string Prefix { get; }

    /// <summary>The namespace holding <c>br0</c> and the hosts' ports <c>p-SHORTNAME</c>.</summary>
    public NetNamespace Bridge => _bridge;

    public static NetworkLab Create()
    {
        var prefix = TestRun.NextName();
        var bridge = NetNamespace.Create(prefix + "-br");
        var lab = new NetworkLab(prefix, bridge);
        try
        {
            bridge.Exec("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
            bridge.Exec("ip", "link", "set", "br0", "up");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Adds a host namespace with <c>eth0</c> on the bridge, addressed with <paramref name="addresses"/> (CIDR).</summary>
    public NetNamespace AddHost(string shortName, params string[] addresses)
    {
        var ns = NetNamespace.Create($"{Prefix}-{shortName}");
        _namespaces.Add(ns);
        var port = $"p-{shortName}";
        ns.Exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", _bridge.Name);
        _bridge.Exec("ip", "link", "set", port, "master", "br0");
        _bridge.Exec("ip", "link", "set", port, "up");
        foreach (var address in addresses)
        {
            if (address.Contains(':', StringComparison.Ordinal))
            {
                ns.Exec("ip", "addr", "add", address, "dev", "eth0", "nodad");
            }
            else
            {
                ns.Exec("ip", "addr", "add", address, "dev", "eth0");
            }
        }
        ns.Exec("ip", "link", "set", "eth0", "up");
        return ns;
    }

    public void Dispose()
    {
        for (var i = _namespaces.Count - 1; i >= 0; i--)
        {
            _namespaces[i].Dispose();
        }
        Sweep(Prefix);
    }

    /// <summary>Deletes every namespace whose name starts with <paramref name="prefix"/> (leftovers of a failed teardown).</summary>
    public static void Sweep(string prefix)
    {
        var (_, list, _) = Shell.Run("ip", ["netns", "list"], check: false);
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (name == prefix || name.StartsWith(prefix + "-", StringComparison.Ordinal))
            {
                Shell.Run("ip", ["netns", "del", name], check: false);
            }
        }
    }
}
