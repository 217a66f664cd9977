using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using HaAppliance.Abstractions;
using HaAppliance.Integration.Tests.Daemon;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Soak;

/// <summary>
/// Executes a <see cref="SoakSchedule"/> against two real haapp daemons and a client on one bridge (a
/// <see cref="PairLab"/>): each fault is injected, held, undone, and after the settle time the invariants are checked
/// on the real system: exactly one node holds the VIP and it is the higher-priority one, the client's neighbour entry
/// (after a ping) points at its MAC, each node's journal ends in the state seen, every journaled event reaches the
/// webhook receiver in the client's namespace, and the daemons' RSS stays bounded.
/// </summary>
internal sealed class SoakRunner : IDisposable
{
    /// <summary>How long the nodes get to agree after a fault is undone: generous, many Master_Down intervals.</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(30);

    /// <summary>How long the outboxes get at the end to deliver what faults held back (their retry delay caps at a minute).</summary>
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(150);

    /// <summary>No daemon may ever use more than this (kB).</summary>
    public const long RssBoundKb = 512 * 1024;

    private const string ClientAddress = "192.0.2.10";
    private const int WebhookPort = 8080;
    private static readonly string[] Nodes = ["n1", "n2"];

    private readonly PairLab _lab;
    private readonly WebhookReceiver _webhook;
    private readonly Action<string> _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, int> _journaled = [];
    private (int N1, int N2) _priorities = SoakSchedule.InitialPriorities;

    public SoakRunner(int seed, Action<string> log, TimeSpan? settle = null)
    {
        Seed = seed;
        _log = log;
        Settle = settle ?? DefaultSettle;
        _lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: false));
        try
        {
            _webhook = WebhookReceiver.Start(_lab.Client, ClientAddress, WebhookPort);
        }
        catch
        {
            _lab.Dispose();
            throw;
        }
    }

    public int Seed { get; }

    /// <summary>How long each invariant may take to hold after a fault.</summary>
    public TimeSpan Settle { get; }

    /// <summary>The namespaces and daemons, for tests that break an invariant on purpose.</summary>
    public PairLab Lab => _lab;

    public SoakFigures Figures { get; } = new();

    /// <summary>Starts both daemons and checks the invariants once (n1, priority 101, must hold the VIP).</summary>
    public void Start()
    {
        foreach (var node in Nodes)
        {
            WriteHealth(node, healthy: true);
            WriteConfig(node);
            _lab.Start(node, ConfigPath(node));
        }

        foreach (var node in Nodes)
        {
            WaitReady(node, "start");
        }

        _log($"started n1 (pid {_lab.Daemon("n1").Pid}) and n2 (pid {_lab.Daemon("n2").Pid}) in {_lab.N1.Name}, {_lab.N2.Name}; client {_lab.Client.Name}");
        Check("start", _priorities.N1 > _priorities.N2 ? "n1" : "n2", within: DefaultSettle);
    }

    /// <summary>Injects, holds and undoes one fault, then checks the invariants.</summary>
    public void Execute(SoakFault fault)
    {
        _log($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {fault}");
        var ns = fault.Node == "n1" ? _lab.N1 : _lab.N2;
        switch (fault.Kind)
        {
            case FaultKind.KillRestart:
                _lab.Daemon(fault.Node).Kill();
                Thread.Sleep(fault.Hold);
                _lab.Start(fault.Node, ConfigPath(fault.Node));
                WaitReady(fault.Node, $"#{fault.Index} {fault.Kind}");
                break;
            case FaultKind.LinkDownUp:
                ns.Exec("ip", "link", "set", "eth0", "down");
                Thread.Sleep(fault.Hold);
                ns.Exec("ip", "link", "set", "eth0", "up");
                break;
            case FaultKind.Partition:
                Isolate(true);
                Thread.Sleep(fault.Hold);
                Isolate(false);
                break;
            case FaultKind.ReloadPriority:
                _priorities = fault.Priorities;
                WriteConfig(fault.Node);
                Reload(fault);
                break;
            case FaultKind.CheckFlap:
                for (var i = 0; i < fault.Toggles; i++)
                {
                    WriteHealth(fault.Node, healthy: i % 2 == 1);
                    Thread.Sleep(fault.Hold / fault.Toggles);
                }

                break;
            case FaultKind.Flood:
                var garpsBefore = Nodes.Sum(n => Garps(_lab.Daemon(n).Log));
                var transitionsBefore = Nodes.Sum(n => Journal(n).Count);
                var sent = HostileFlood.Send(_lab.Client, IPAddress.Parse(ClientAddress), 51, IPAddress.Parse(_lab.Vip), fault.Toggles, fault.Hold, Seed + fault.Index);
                var garps = Nodes.Sum(n => Garps(_lab.Daemon(n).Log)) - garpsBefore;
                var transitions = Nodes.Sum(n => Journal(n).Count) - transitionsBefore;
                if (transitions > 0)
                {
                    Violation($"#{fault.Index} {fault.Kind}", $"{transitions} state transition(s) during a flood of lower-priority and malformed adverts");
                }

                Figures.FloodPackets += sent;
                Figures.FloodGarps += garps;
                _log($"    flood: {sent} packets sent; the nodes logged {garps} gratuitous ARPs meanwhile");
                break;
        }

        Check($"#{fault.Index} {fault.Kind}", fault.ExpectedHolder, fault.Kind);
    }

    /// <summary>The end of the run: every journaled event delivered, failovers counted, RSS bounded and not growing.</summary>
    public void Finish()
    {
        var elapsed = _clock.Elapsed;
        IReadOnlyList<Guid> missing = [];
        Eventually.Until(() => (missing = MissingEvents()).Count == 0, Delivery, TimeSpan.FromSeconds(1));
        Figures.MissingEvents = missing.Count;
        var journals = Nodes.Select(Journal).ToList();
        Figures.JournaledEvents = journals.Sum(j => j.Count);
        Figures.Failovers = Math.Max(0, journals.Sum(j => j.Count(r => r.To == VrrpState.Master)) - 1);
        if (missing.Count > 0)
        {
            Violation("end", $"{missing.Count} journaled event(s) never reached the webhook receiver in {Delivery.TotalSeconds:0} s: {string.Join(", ", missing.Take(10))}");
        }

        var (firstMax, lastMax) = Figures.RssThirds(elapsed);
        if (firstMax > 0 && lastMax > (firstMax * 3 / 2) + (64 * 1024))
        {
            Violation("end", $"daemon RSS grew from {firstMax} kB (first third) to {lastMax} kB (last third)");
        }

        _log($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] end: {Figures.JournaledEvents} journaled events, {missing.Count} missing at the webhook receiver");
    }

    /// <summary>Both daemons' log tails, for a failure message.</summary>
    public string Logs() => _lab.Logs();

    /// <summary>Checks every invariant once, <paramref name="expected"/> being the node that must hold the VIP;
    /// what does not hold within <paramref name="within"/> (default <see cref="Settle"/>) is added to the violations.</summary>
    public void Check(string step, string expected, FaultKind? kind = null, TimeSpan? within = null)
    {
        var bound = within ?? Settle;
        foreach (var node in Nodes)
        {
            var daemon = _lab.Daemon(node);
            if (daemon.HasExited)
            {
                Violation(step, $"{node}'s daemon (pid {daemon.Pid}) exited by itself; restarted\n{_lab.Logs()}");
                _lab.Start(node, ConfigPath(node));
                WaitReady(node, step);
            }
        }

        var settle = Stopwatch.StartNew();
        IReadOnlyList<string> holders = [];
        if (!Eventually.Until(() => (holders = _lab.Holders()) is [var only] && only == expected, bound, TimeSpan.FromMilliseconds(200)))
        {
            Violation(step, $"after {bound.TotalSeconds:0} s the VIP is on [{string.Join(",", holders)}], expected {expected} only (priorities {_priorities.N1}/{_priorities.N2})");
        }

        var toOneHolder = settle.Elapsed;
        var mac = _lab.MacOf(expected).ToLowerInvariant();
        string? entry = null;
        if (!Eventually.Until(() => { Ping(); return (entry = _lab.ClientNeighbourMac()) == mac; }, bound, TimeSpan.FromMilliseconds(200)))
        {
            Violation(step, $"the client's neighbour entry for {_lab.Vip} is {entry ?? "missing"} after {bound.TotalSeconds:0} s of pings, expected {expected}'s {mac}");
        }

        var toNeighbour = settle.Elapsed;
        string journals = "";
        if (!Eventually.Until(() => JournalsAgree(expected, out journals), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)))
        {
            Violation(step, $"the journals do not end in the states seen (holder {expected}): {journals}");
        }

        if (kind is { } k)
        {
            Figures.Settled(k, toOneHolder, toNeighbour);
        }

        var rss = Nodes.Select(n => RssKb(_lab.Daemon(n).Pid)).ToList();
        foreach (var kb in rss.Where(kb => kb > 0))
        {
            Figures.Rss(_clock.Elapsed, kb);
        }

        if (rss.Any(kb => kb > RssBoundKb))
        {
            Violation(step, $"daemon RSS {string.Join("/", rss)} kB is over the bound of {RssBoundKb} kB");
        }

        foreach (var node in Nodes)
        {
            var journal = Journal(node);
            foreach (var e in journal.Skip(_journaled.GetValueOrDefault(node)))
            {
                _log($"      {node} journal: {e.Time} {e.From} -> {e.To}: {e.Cause}");
            }

            _journaled[node] = journal.Count;
        }

        _log(string.Create(CultureInfo.InvariantCulture,
            $"    check {step}: holder {string.Join(",", holders)} in {toOneHolder.TotalSeconds:0.00} s, client entry in {toNeighbour.TotalSeconds:0.00} s, journals {journals}, webhook missing {MissingEvents().Count}, RSS {string.Join("/", rss)} kB"));
    }

    /// <summary>Waits until the daemon answers <c>haapp status</c>: its signal handlers are in place then (what
    /// systemd's Type=notify ordering gives a reload); a SIGHUP before that ends the process.</summary>
    private void WaitReady(string node, string step)
    {
        var answer = "";
        if (!Eventually.Until(() => { var (code, output) = _lab.Control(node, "status"); answer = output; return code == 0; }, DefaultSettle, TimeSpan.FromMilliseconds(300)))
        {
            Violation(step, $"{node}'s daemon did not answer status in {DefaultSettle.TotalSeconds:0} s: {answer.Trim()}");
        }
    }

    private static int Garps(string log) => log.Split('\n').Count(l => l.Contains("Sending gratuitous ARP on", StringComparison.Ordinal));

    private void Violation(string step, string what)
    {
        var text = $"seed {Seed}, after {step}: {what}";
        Figures.Violations.Add(text);
        _log("    VIOLATION " + text);
    }

    private bool JournalsAgree(string holder, out string summary)
    {
        var last = Nodes.ToDictionary(n => n, n => Journal(n) is [.., var l] ? l.To : (VrrpState?)null);
        summary = string.Join(" ", last.Select(p => $"{p.Key}={p.Value?.ToString() ?? "none"}"));
        return last.All(p => (p.Key == holder) == (p.Value == VrrpState.Master));
    }

    private IReadOnlyList<Guid> MissingEvents()
    {
        var received = _webhook.Received.ToHashSet();
        return Nodes.SelectMany(Journal).Select(r => r.Id).Where(id => !received.Contains(id)).ToList();
    }

    /// <summary>The node's transitions journal as far as it is written (a torn last line is skipped).</summary>
    private List<JournalEntry> Journal(string node)
    {
        var file = Path.Combine(_lab.Folder, node, "state", "transitions.jsonl");
        var records = new List<JournalEntry>();
        if (!File.Exists(file))
        {
            return records;
        }

        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                records.Add(new JournalEntry(root.GetProperty("id").GetGuid(), root.GetProperty("time").ToString(),
                    State(root.GetProperty("from")), State(root.GetProperty("to")), root.GetProperty("cause").ToString()));
            }
            catch (JsonException)
            {
            }
        }

        return records;
    }

    private static VrrpState State(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? (VrrpState)e.GetInt32() : Enum.Parse<VrrpState>(e.GetString()!, ignoreCase: true);

    private void Reload(SoakFault fault)
    {
        if (fault.ViaSignal)
        {
            Shell.Run("kill", ["-HUP", _lab.Daemon(fault.Node).Pid.ToString(CultureInfo.InvariantCulture)], check: false);
            return;
        }

        var (code, output) = _lab.Control(fault.Node, "reload");
        if (code != 0)
        {
            Violation($"#{fault.Index} {fault.Kind}", $"haapp reload exited {code}: {output.Trim()}");
        }
    }

    private void Isolate(bool on)
    {
        foreach (var port in new[] { "p-n1", "p-n2" })
        {
            _lab.Bridge.Exec("bridge", "link", "set", "dev", port, "isolated", on ? "on" : "off");
        }
    }

    private void Ping() =>
        Shell.Run("ip", ["netns", "exec", _lab.Client.Name, "ping", "-4", "-c", "1", "-W", "1", _lab.Vip], check: false);

    private static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private string ConfigPath(string node) => Path.Combine(_lab.Folder, node + ".yaml");

    private string HealthPath(string node) => Path.Combine(_lab.Folder, node + ".health");

    private void WriteHealth(string node, bool healthy) => File.WriteAllText(HealthPath(node), healthy ? "0\n" : "1\n");

    /// <summary>The node's YAML: one instance, the flapping file check (weight -20), the webhook to the client.</summary>
    private void WriteConfig(string node)
    {
        var priority = node == "n1" ? _priorities.N1 : _priorities.N2;
        File.WriteAllText(ConfigPath(node), $$"""
            global:
              router_id: {{node}}
              garp:
                master_delay: 1s
                master_repeat: 2
                lower_prio_repeat: 2
            checks:
              chk_flap:
                type: file
                path: {{HealthPath(node)}}
                interval: 500ms
                weight: {{SoakSchedule.CheckWeight}}
            notifiers:
              hook:
                type: webhook
                url: http://{{ClientAddress}}:{{WebhookPort}}/events
                timeout: 2s
            instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                priority: {{priority}}
                advert_int: 1s
                virtual_ipaddress:
                  - {{_lab.Vip}}/24
                track_script:
                  - chk_flap
                notifiers:
                  - hook
            """);
    }

    public void Dispose()
    {
        try
        {
            _webhook.Dispose();
        }
        finally
        {
            _lab.Dispose();
        }
    }
}

/// <summary>One line of a node's transitions.jsonl.</summary>
internal sealed record JournalEntry(Guid Id, string Time, VrrpState From, VrrpState To, string Cause);
