using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HaAppliance.Cli;

/// <summary>
/// The demo on real network namespaces: two nodes and a client joined by a bridge, two real daemons,
/// a real VIP, a real check failure and the failover, shown from the daemons' logs and from the
/// client's ARP table. Everything is created under unique names and removed at the end, even on failure.
/// </summary>
internal sealed partial class NetnsDemo
{
    private const string Vip = "192.0.2.100";
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Process> _daemons = [];
    private readonly List<IDisposable> _webServers = [];
    private readonly Lock _console = new();
    private readonly string _dir;
    private readonly string _haapp;

    public NetnsDemo(string haappDll)
    {
        _haapp = haappDll;
        _dir = Path.Combine(Path.GetTempPath(), $"haapp-demo-{_id}");
    }

    /// <summary>Whether the nodes run with fast preemption (only changes what the summary says).</summary>
    public bool FastPreempt { get; init; }

    private string Ns(string node) => $"hd{_id}-{node}";

    /// <summary>True when this process may create namespaces (root with iproute2).</summary>
    public static bool CanRun() =>
        Environment.IsPrivilegedProcess && new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.Any(File.Exists);

    /// <summary>Runs the demo; <paramref name="configFor"/> renders the config of one node.</summary>
    public int Run(Func<DemoNode, string> configFor)
    {
        Directory.CreateDirectory(_dir);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            Say("demo", $"network namespaces {Ns("lb1")}, {Ns("lb2")}, {Ns("client")} joined by a bridge; VIP {Vip}");
            BuildNetwork();
            StartWebServers();
            var nodes = new[]
            {
                new DemoNode("lb1", "192.0.2.1", 101, Path.Combine(_dir, "lb1"), Path.Combine(_dir, "lb1", "nginx.up")),
                new DemoNode("lb2", "192.0.2.2", 100, Path.Combine(_dir, "lb2"), Path.Combine(_dir, "lb2", "nginx.up")),
            };
            foreach (var node in nodes)
            {
                Directory.CreateDirectory(node.StateDir);
                File.WriteAllText(node.HealthFile, "up\n");
                var config = Path.Combine(node.StateDir, "haapp.yaml");
                File.WriteAllText(config, configFor(node));
                StartDaemon(node, config);
            }

            Say("demo", "both nginx healthy; waiting for the election ...");
            WaitFor(() => HolderOfVip() == "lb1", TimeSpan.FromSeconds(15), cancel.Token);
            ShowClient("lb1", cancel.Token);
            Wait(TimeSpan.FromSeconds(3), cancel.Token);

            Say("demo", "nginx on lb1 fails now (its check file disappears)");
            var failedAt = _clock.Elapsed;
            File.Delete(nodes[0].HealthFile);
            var moved = WaitFor(() => HolderOfVip() == "lb2", TimeSpan.FromSeconds(15), cancel.Token);
            var took = _clock.Elapsed - failedAt;
            ShowClient("lb2", cancel.Token);
            Say("demo", moved
                ? $"the VIP {Vip} moved from lb1 to lb2 {took.TotalSeconds:0.0} s after the check failure"
                : $"the VIP did not move within 15 s (holder: {HolderOfVip() ?? "nobody"})");
            Say("demo", FastPreempt
                ? "fast preemption: lb2 took over on lb1's first advert with the lowered priority"
                : "lb2 waited Master_Down_Interval (RFC 9568 §6.4.2); `haapp demo --fast-preempt` moves the VIP on lb1's first lowered advert");
            return moved ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            Say("demo", "interrupted");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            Cleanup();
        }
    }

    private void BuildNetwork()
    {
        foreach (var node in new[] { "lb1", "lb2", "client" })
        {
            Shell.Check("ip", "netns", "add", Ns(node));
            Shell.Check("ip", "-n", Ns(node), "link", "set", "lo", "up");
        }

        Shell.Check("ip", "-n", Ns("client"), "link", "add", "br0", "type", "bridge");
        Shell.Check("ip", "-n", Ns("client"), "link", "set", "br0", "up");
        Shell.Check("ip", "-n", Ns("client"), "addr", "add", "192.0.2.10/24", "dev", "br0");
        Shell.Check("ip", "netns", "exec", Ns("client"), "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.br0.arp_accept=1");
        var addr = new Dictionary<string, string> { ["lb1"] = "192.0.2.1/24", ["lb2"] = "192.0.2.2/24" };
        foreach (var node in new[] { "lb1", "lb2" })
        {
            var peer = $"v{node}";
            Shell.Check("ip", "-n", Ns(node), "link", "add", "eth0", "type", "veth", "peer", "name", peer, "netns", Ns("client"));
            Shell.Check("ip", "-n", Ns("client"), "link", "set", peer, "master", "br0", "up");
            Shell.Check("ip", "-n", Ns(node), "addr", "add", addr[node], "dev", "eth0");
            Shell.Check("ip", "-n", Ns(node), "link", "set", "eth0", "up");
        }
    }

    /// <summary>
    /// What the client talks to: a web server on each node that answers with the node's name; nginx when it is
    /// installed, else the demo's own responder. (The demo fails lb1's check by a file, not by stopping nginx.)
    /// </summary>
    private void StartWebServers()
    {
        var nginx = DemoNginx.Find();
        foreach (var node in new[] { "lb1", "lb2" })
        {
            _webServers.Add(nginx is null
                ? DemoWebServer.Start(Ns(node), node)
                : DemoNginx.Start(nginx, Ns(node), node, Path.Combine(_dir, node, "nginx")));
        }

        Say("demo", $"{(nginx is null ? "a built-in web responder (nginx is not installed)" : "nginx")} on lb1 and lb2 answers http://{Vip}/ with its node name");
    }

    /// <summary>The daemon's command line: the running apphost (an installed haapp), else dotnet with the dll.</summary>
    private string[] HaappCommand() =>
        Environment.ProcessPath is { } self && Path.GetFileName(self).Equals("haapp", StringComparison.Ordinal)
            ? [self]
            : ["dotnet", _haapp];

    private void StartDaemon(DemoNode node, string config)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Ns(node.Name) }.Concat(HaappCommand()).Concat(new[] { "run", "-c", config,
                     "--state-dir", node.StateDir, "--control-socket", Path.Combine(node.StateDir, "haapp.sock") }))
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start haapp run");
        _daemons.Add(p);
        // Plugin registration lines are the same on every start, and one line per gratuitous ARP frame drowns the
        // rest ("Sending/queueing gratuitous ARPs" says it once per burst): the demo shows the VRRP story.
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && !line.Contains("Loaded plugin ", StringComparison.Ordinal) && !line.Contains("Sending gratuitous ARP on ", StringComparison.Ordinal))
            {
                Say(node.Name, StripLogPrefix(line));
            }
        };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Say(node.Name, StripLogPrefix(line)); } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    /// <summary>Which node has the VIP on its eth0, as `ip addr` in each namespace says.</summary>
    private string? HolderOfVip()
    {
        foreach (var node in new[] { "lb1", "lb2" })
        {
            var (code, output) = Shell.Run("ip", "-n", Ns(node), "-4", "addr", "show", "dev", "eth0");
            if (code == 0 && output.Contains($" {Vip}/", StringComparison.Ordinal))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// What a user of the service sees: the client requests a page through the VIP and says who served it
    /// (asking again for a few seconds while the client's ARP entry still names the old master).
    /// </summary>
    private void ShowClient(string expected, CancellationToken cancel)
    {
        string? servedBy = null;
        WaitFor(() => (servedBy = DemoWebServer.Get(Ns("client"), System.Net.IPAddress.Parse(Vip), TimeSpan.FromSeconds(1))) == expected, TimeSpan.FromSeconds(10), cancel);
        Say("client", $"GET http://{Vip}/ served by {servedBy ?? "nobody (no answer)"}");
        var (_, neigh) = Shell.Run("ip", "-n", Ns("client"), "neigh", "show", Vip);
        var lladdr = LlAddr().Match(neigh);
        var owner = "unknown";
        foreach (var node in new[] { "lb1", "lb2" })
        {
            var (_, link) = Shell.Run("ip", "-n", Ns(node), "link", "show", "eth0");
            if (lladdr.Success && link.Contains(lladdr.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            {
                owner = node;
            }
        }

        Say("client", $"ARP entry for {Vip}: {(lladdr.Success ? lladdr.Groups[1].Value : "none")} ({owner}); VIP on {HolderOfVip() ?? "nobody"}");
    }

    private bool WaitFor(Func<bool> condition, TimeSpan limit, CancellationToken cancel)
    {
        var end = _clock.Elapsed + limit;
        while (_clock.Elapsed < end)
        {
            if (condition())
            {
                return true;
            }

            Wait(TimeSpan.FromMilliseconds(100), cancel);
        }

        return condition();
    }

    private static void Wait(TimeSpan span, CancellationToken cancel)
    {
        if (cancel.WaitHandle.WaitOne(span))
        {
            throw new OperationCanceledException(cancel);
        }
    }

    private void Cleanup()
    {
        foreach (var server in _webServers)
        {
            server.Dispose();
        }

        foreach (var p in _daemons)
        {
            try
            {
                if (!p.HasExited)
                {
                    // `ip netns exec` execs the daemon, so this pid is the daemon: SIGTERM lets it send priority 0.
                    Shell.Run("kill", "-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!p.WaitForExit(TimeSpan.FromSeconds(10)))
                    {
                        p.Kill(entireProcessTree: true);
                    }
                }

                p.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        foreach (var node in new[] { "lb1", "lb2", "client" })
        {
            Shell.Run("ip", "netns", "del", Ns(node));
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        Say("demo", "namespaces removed");
    }

    private static string StripLogPrefix(string line) => LogPrefix().Replace(line, "");

    private void Say(string who, string text)
    {
        lock (_console)
        {
            Console.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.000}s  {who,-6} {text}");
        }
    }

    [GeneratedRegex(@"lladdr ([0-9a-f:]{17})", RegexOptions.IgnoreCase)]
    private static partial Regex LlAddr();

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3} |<[0-7]>)")]
    private static partial Regex LogPrefix();
}

/// <summary>One node of the demo.</summary>
internal sealed record DemoNode(string Name, string Address, int Priority, string StateDir, string HealthFile);
