using System.Diagnostics;
using System.Text.RegularExpressions;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>One interop scenario: who runs where, which protocol flavour.</summary>
public sealed record PairCase(Impl First, Impl Second, int Version, bool Ipv6, bool Unicast, bool Auth)
{
    public override string ToString() =>
        $"{First}->{Second} v{Version} {(Ipv6 ? "IPv6" : "IPv4")} {(Unicast ? "unicast" : "multicast")}{(Auth ? " PASS" : "")}";
}

/// <summary>
/// Two VRRP nodes and a client on a bridge, in namespaces made for one test. Node n1 has priority 101,
/// n2 100; both track a check that succeeds while a file exists. Assertions look at the real system:
/// `ip addr` in each namespace and the client's neighbour table.
/// </summary>
internal sealed partial class PairLab : IDisposable
{
    private readonly NetworkLab _lab;
    private readonly string _dir;
    private readonly Dictionary<string, VrrpDaemon> _daemons = [];

    public PairLab(PairCase c)
    {
        Case = c;
        _dir = Directory.CreateTempSubdirectory("haapp-pair-").FullName;
        _lab = NetworkLab.Create();
        try
        {
            N1 = _lab.AddHost("n1", "192.0.2.1/24", "2001:db8::1/64");
            N2 = _lab.AddHost("n2", "192.0.2.2/24", "2001:db8::2/64");
            Client = _lab.AddHost("cl", "192.0.2.10/24", "2001:db8::10/64");
            // Let gratuitous ARPs update the client's table (Linux ignores them by default).
            Client.Exec("sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1");
            Client.Exec("sysctl", "-qw", "net.ipv4.conf.eth0.arp_accept=1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public PairCase Case { get; }

    public NetNamespace N1 { get; }

    public NetNamespace N2 { get; }

    public NetNamespace Client { get; }

    /// <summary>The namespace of the bridge, whose ports are <c>p-n1</c>, <c>p-n2</c> and <c>p-cl</c>.</summary>
    public NetNamespace Bridge => _lab.Bridge;

    /// <summary>The folder of this lab's configs and daemon folders (deleted on dispose).</summary>
    public string Folder => _dir;

    public string Vip => Case.Ipv6 ? "2001:db8::100" : "192.0.2.100";

    public string HealthFile(string node) => Path.Combine(_dir, node + ".up");

    public NetNamespace Ns(string node) => node == "n1" ? N1 : N2;

    public VrrpDaemon Daemon(string node) => _daemons[node];

    /// <summary>Writes the node's keepalived.conf (both daemons read it as it is) and starts its daemon.</summary>
    public VrrpDaemon Start(string node) => StartWith(node, KeepalivedConf(node, node == "n1" ? 101 : 100));

    /// <summary>Writes <paramref name="keepalivedConf"/> as the node's config and starts its daemon.</summary>
    public VrrpDaemon StartWith(string node, string keepalivedConf)
    {
        File.WriteAllText(HealthFile(node), "up\n");
        var conf = Path.Combine(_dir, node + ".conf");
        File.WriteAllText(conf, keepalivedConf);
        return Start(node, conf);
    }

    /// <summary>Starts (or restarts) the node's daemon on a config file the caller wrote; its state folder is kept.</summary>
    public VrrpDaemon Start(string node, string configFile)
    {
        var impl = node == "n1" ? Case.First : Case.Second;
        if (_daemons.Remove(node, out var old))
        {
            old.Dispose();
        }

        var d = VrrpDaemon.Start(impl, Ns(node), Path.Combine(_dir, node), configFile);
        _daemons[node] = d;
        return d;
    }

    /// <summary>Rewrites a node's config file in place (for reloads).</summary>
    public string ConfPath(string node) => Path.Combine(_dir, node + ".conf");

    /// <summary>Runs the CLI against a node's control socket: (exit code, stdout + stderr).</summary>
    public (int ExitCode, string Output) Control(string node, string command)
    {
        var (code, stdout, stderr) = Shell.Run("dotnet", [Repo.HaappDll, command, "--control-socket", Path.Combine(_dir, node, "haapp.sock")], check: false);
        return (code, stdout + stderr);
    }

    public string KeepalivedConf(string node, int priority)
    {
        var self = node == "n1" ? "192.0.2.1" : "192.0.2.2";
        var peer = node == "n1" ? "192.0.2.2" : "192.0.2.1";
        var vip = Case.Ipv6 ? "2001:db8::100/64" : "192.0.2.100/24";
        return $$"""
            global_defs {
              router_id {{node}}
              vrrp_garp_master_delay 1
              vrrp_garp_master_repeat 2
            }
            vrrp_script chk_nginx {
              script "/usr/bin/test -e {{HealthFile(node)}}"
              interval 1
              weight -20
              fall 1
              rise 1
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority {{priority}}
              advert_int 1
              version {{Case.Version}}
            {{(Case.Auth ? "  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }" : "")}}
            {{(Case.Unicast ? $"  unicast_src_ip {self}\n  unicast_peer {{\n    {peer}\n  }}" : "")}}
              virtual_ipaddress {
                {{vip}}
              }
              track_script {
                chk_nginx
              }
            }
            """;
    }

    /// <summary>Nodes whose eth0 is up and carries the VIP.</summary>
    public IReadOnlyList<string> Holders()
    {
        var holders = new List<string>();
        foreach (var node in new[] { "n1", "n2" })
        {
            var link = Ns(node).Exec("ip", "link", "show", "eth0");
            if (!link.Contains("state UP", StringComparison.Ordinal) && !link.Contains(",UP", StringComparison.Ordinal))
            {
                continue;
            }

            var addr = Ns(node).Exec("ip", Case.Ipv6 ? "-6" : "-4", "addr", "show", "dev", "eth0");
            if (addr.Contains($" {Vip}/", StringComparison.Ordinal))
            {
                holders.Add(node);
            }
        }

        return holders;
    }

    /// <summary>Waits until exactly <paramref name="node"/> holds the VIP; fails with both logs otherwise.</summary>
    public void WaitForHolder(string node, string step, int seconds = 20)
    {
        IReadOnlyList<string> holders = [];
        bool OnlyNode() => (holders = Holders()) is [var only] && only == node;

        // Once it holds, stay a moment: a flap right after would also be a failure.
        if (Eventually.Until(() => OnlyNode() && Stayed(OnlyNode), TimeSpan.FromSeconds(seconds)))
        {
            return;
        }

        Assert.Fail($"{Case}: after '{step}' expected the VIP on {node} only, found [{string.Join(",", holders)}]\n{Logs()}");
    }

    private static bool Stayed(Func<bool> condition)
    {
        Thread.Sleep(300);
        return condition();
    }

    public string MacOf(string node) => Ns(node).MacOf("eth0");

    /// <summary>The client learns the VIP's MAC (ping), so later announcements have an entry to update.</summary>
    public void ClientResolves()
    {
        var sw = Stopwatch.StartNew();
        do
        {
            Shell.Run("ip", ["netns", "exec", Client.Name, "ping", Case.Ipv6 ? "-6" : "-4", "-c", "1", "-W", "1", Vip], check: false);
        }
        while (ClientNeighbourMac() is null && sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    public string? ClientNeighbourMac()
    {
        var output = Client.Exec("ip", Case.Ipv6 ? "-6" : "-4", "neigh", "show", Vip);
        var m = LlAddr().Match(output);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    /// <summary>Without pinging again: only a gratuitous ARP / unsolicited NA can move the entry.</summary>
    public void WaitForClientEntry(string node, string step, int seconds = 10)
    {
        var want = MacOf(node).ToLowerInvariant();
        string? seen = null;
        if (Eventually.Until(() => (seen = ClientNeighbourMac()) == want, TimeSpan.FromSeconds(seconds)))
        {
            return;
        }

        Assert.Fail($"{Case}: after '{step}' the client's entry for {Vip} is {seen ?? "missing"}, expected {node}'s {want}\n{Logs()}");
    }

    public string Logs() => string.Join("\n", _daemons.Select(d => $"--- {d.Key} ({d.Value.Impl}) log:\n{Tail(d.Value.Log, 40)}"));

    private static string Tail(string text, int lines) => string.Join("\n", text.Split('\n').TakeLast(lines));

    public void Dispose()
    {
        foreach (var d in _daemons.Values)
        {
            d.Dispose();
        }

        _lab.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("lladdr ([0-9a-fA-F:]{17})")]
    private static partial Regex LlAddr();
}
