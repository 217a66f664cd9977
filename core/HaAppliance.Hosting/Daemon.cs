using System.Reflection;
using System.Text;
using HaAppliance.Abstractions;
using HaAppliance.Linux.Announce;
using HaAppliance.Linux.Timing;
using HaAppliance.Config;
using HaAppliance.Config.Validation;
using HaAppliance.Hosting.Metrics;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Hosting.Systemd;
using HaAppliance.Kernel.Tracking;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

/// <summary>
/// <c>haapp run</c>: reads the configuration (YAML, template or keepalived.conf), loads the drop-in plugins,
/// and runs the VRRP event loop on the live network with the health checks, VIP backend, announcements,
/// link monitoring, notifications and control socket around it. A reload re-reads the configuration, computes
/// the one <see cref="ReloadPlan"/>, creates every new check, notifier and VIP backend first and only then swaps
/// (engine, checks, notifiers, all from the same plan); if anything cannot be created the reload is refused as a
/// whole, with its errors at FILE:LINE:COL, and the running configuration goes on.
/// </summary>
public sealed class Daemon : IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly PluginCatalog _catalog;
    private readonly HashSet<string> _loadedFolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IVipBackend> _backends = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _cts = new();
    private readonly StartupSignals _signals = new();
    private StateFolderLock? _stateLock;
    private IAdvertTransport? _transport;
    private HaConfig _config = null!;
    private VrrpEngine _engine = null!;
    private readonly Dictionary<string, (TrackedCheck Check, TrackerScheduler Scheduler)> _checks = new(StringComparer.Ordinal);
    private NodeSpec _node = NodeSpec.Of([]);
    private GarpScheduler? _garp;
    private PcapAnnouncementSender? _pcap;
    private AnnouncementQueue? _announcements;
    private ControlServer? _control;
    private MetricsServer? _metrics;
    private SystemdNotifier? _systemd;
    private IStateChangeSink _sink = NullStateChangeSink.Instance;

    private Daemon(DaemonOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        _log = loggers.CreateLogger("haapp");
        _catalog = new PluginCatalog(loggers);
    }

    /// <summary>The configuration in force.</summary>
    public HaConfig Config => _config;

    /// <summary>
    /// Loads plugins and configuration; writes every problem to <paramref name="errors"/> as FILE:LINE:COL lines
    /// and returns null when the daemon cannot start.
    /// </summary>
    public static Daemon? Create(DaemonOptions options, ILoggerFactory loggers, TextWriter errors) => Create(options, loggers, errors, null);

    /// <summary>As <see cref="Create(DaemonOptions, ILoggerFactory, TextWriter)"/>; <paramref name="plugins"/> may add in-process plugins first (tests).</summary>
    internal static Daemon? Create(DaemonOptions options, ILoggerFactory loggers, TextWriter errors, Action<PluginCatalog>? plugins)
    {
        var daemon = new Daemon(options, loggers);
        plugins?.Invoke(daemon._catalog);
        try
        {
            daemon.LoadFolder(PluginCatalog.DefaultFolder);
            foreach (var folder in options.PluginFolders)
            {
                daemon.LoadFolder(folder);
            }
        }
        catch (Exception ex) when (ex is PluginLoadException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"haapp: {ex.Message}");
            return null;
        }

        var (config, diagnostics) = daemon.LoadConfig();
        foreach (var d in diagnostics)
        {
            errors.WriteLine(d.ToString());
        }

        if (config is null)
        {
            return null;
        }

        daemon._config = config;
        return daemon;
    }

    private void LoadFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (_loadedFolders.Add(full) && Directory.Exists(full))
        {
            _catalog.LoadFolder(full);
        }
    }

    private ConfigValidator Validator() => new(
        _catalog.TypesOf(PluginKind.HealthCheck), _catalog.TypesOf(PluginKind.Notifier), _catalog.TypesOf(PluginKind.VipBackend));

    /// <summary>Reads and validates the configuration; loads its plugin_folders first when it names some.</summary>
    private (HaConfig? Config, IReadOnlyList<ConfigDiagnostic> Diagnostics) LoadConfig()
    {
        var result = ConfigLoader.Load(_options.ConfigPath, _options.Site, Validator(), _options.Vars, keepalivedKeywords: _catalog.KeepalivedKeywords());
        if (result.Config is { PluginFolders.Count: > 0 } withFolders)
        {
            var before = _loadedFolders.Count;
            var baseDir = Path.GetDirectoryName(Path.GetFullPath(_options.ConfigPath)) ?? ".";
            try
            {
                foreach (var folder in withFolders.PluginFolders)
                {
                    LoadFolder(Path.IsPathRooted(folder) ? folder : Path.Combine(baseDir, folder));
                }
            }
            catch (Exception ex) when (ex is PluginLoadException or IOException or UnauthorizedAccessException)
            {
                return (null, [ConfigDiagnostic.Error(withFolders.Where("plugin_folders"), ex.Message)]);
            }

            if (_loadedFolders.Count != before)
            {
                result = ConfigLoader.Load(_options.ConfigPath, _options.Site, Validator(), _options.Vars, keepalivedKeywords: _catalog.KeepalivedKeywords());
            }
        }

        return (result.Ok ? result.Config : null, result.Diagnostics);
    }

    /// <summary>Resolves interface names (tests: a fixed one).</summary>
    internal IInterfaceResolver Interfaces { get; set; } = new SystemInterfaceResolver();

    /// <summary>Replaces the raw sockets (tests: an in-memory LAN).</summary>
    internal IAdvertTransport? Transport { get; set; }

    /// <summary>Replaces gratuitous ARP / NA through libpcap (tests: none).</summary>
    internal IVipAnnouncer? Announcer { get; set; }

    /// <summary>Where systemd's NOTIFY_SOCKET and WATCHDOG_USEC are read from (tests: a dictionary).</summary>
    internal Func<string, string?> GetEnvironment { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>Where <c>/metrics</c> is served (null when not configured or not listening).</summary>
    internal System.Net.IPEndPoint? MetricsEndpoint => _metrics?.Endpoint;

    /// <summary>The engine (null until <see cref="RunAsync"/>).</summary>
    internal VrrpEngine? Engine => _engine;

    private string StateDir => _options.StateDir ?? _config.Global.StateDir;

    private string ControlSocketPath => _options.ControlSocket ?? _config.Global.ControlSocket;

    private string Node => _config.Global.RouterId ?? Environment.MachineName;

    /// <summary>Runs until <see cref="StopAsync"/> (SIGTERM/SIGINT): then priority 0 is sent and the VIPs removed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var version = typeof(Daemon).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        DaemonLog.Starting(_log, version, _options.ConfigPath);
        if (_signals.StopRequested)
        {
            DaemonLog.Stopped(_log); // stopped during start-up: nothing was opened yet
            return 0;
        }

        var (specs, errors) = InstanceSpecBuilder.Build(_config, Interfaces);
        errors.AddRange(PluginSettingsCheck.Bind(_catalog, _config)); // every one, as haapp check reports them
        if (TakeStateFolder() is { } inUse)
        {
            DaemonLog.Fatal(_log, inUse);
            return 1;
        }

        Prepared? prepared = null;
        if (errors.Count == 0)
        {
            try
            {
                _sink = new NotificationSink(_config, _catalog, StateDir, _loggers);
                _node = new NodeSpec([], [], NotificationSink.Fingerprints(_config, _catalog));
                prepared = Prepare(_config, specs, errors);
            }
            catch (PluginConfigurationException ex)
            {
                errors.Add(ex.Diagnostic);
            }
        }

        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                DaemonLog.ConfigError(_log, e.ToString());
            }

            if (prepared is not null)
            {
                await DiscardAsync(prepared).ConfigureAwait(false);
            }

            await DisposeSinkAsync().ConfigureAwait(false);
            return 1;
        }

        IAdvertTransport transport;
        try
        {
            _transport = transport = Transport ?? OpenTransport(specs, _loggers.CreateLogger("transport"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            DaemonLog.Fatal(_log, $"cannot open raw VRRP sockets: {ex.Message} (haapp run needs root or CAP_NET_RAW)");
            await DisposeSinkAsync().ConfigureAwait(false);
            return 1;
        }

        var announcer = Announcer ?? (IVipAnnouncer?)(_garp = CreateAnnouncer()) ?? NullVipAnnouncer.Instance;
        var engineOptions = new VrrpEngineOptions
        {
            StartupDelay = StartupDelay.Of(_config.Global, StartupDelay.Uptime()),
            TickTime = OperatingSystem.IsLinux() ? PreciseTimeProvider.Instance : null,
        };
        _engine = new VrrpEngine(Node, transport, Backend, announcer, _sink, TimeProvider.System, _loggers.CreateLogger("vrrp"), engineOptions);
        var stopNow = _signals.EngineCreated();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);

        // The initial check and link states are posted before the loop starts the instances (keepalived's
        // num_script_init): an address owner whose check or link is down never takes its VIPs only to drop them.
        await ApplyAsync(prepared!, starting: true).ConfigureAwait(false);
        await StartLinkMonitorAsync(linked.Token).ConfigureAwait(false);
        var loop = _engine.RunAsync(specs, _options.RemoveStaleVips, linked.Token);
        if (stopNow)
        {
            _ = _engine.StopAsync(); // SIGTERM during start-up: the shutdown is queued behind the instances' start
        }

        try
        {
            _control = new ControlServer(ControlSocketPath, HandleControlAsync);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            DaemonLog.Fatal(_log, $"control socket {ControlSocketPath}: {ex.Message}; haapp status/reload will not reach this daemon");
        }

        StartMetrics();
        DaemonLog.StartupComplete(_log);
        if (_signals.Started())
        {
            _ = ReloadAsync(); // SIGHUP during start-up
        }

        await NotifySystemdReadyAsync(_cts.Token).ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var (_, scheduler) in _checks.Values)
        {
            await scheduler.DisposeAsync().ConfigureAwait(false);
        }

        _checks.Clear();
        await DisposeSinkAsync().ConfigureAwait(false);
        await transport.DisposeAsync().ConfigureAwait(false);
        DaemonLog.Stopped(_log);
        return 0;
    }

    /// <summary>Null when this daemon now owns its state folder and control socket; otherwise why it may not start.</summary>
    private string? TakeStateFolder()
    {
        try
        {
            Directory.CreateDirectory(StateDir);
            _stateLock = StateFolderLock.TryTake(StateDir, out var error);
            return error ?? StateFolderLock.LiveControlSocket(ControlSocketPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A configuration problem (state_dir is a file, or not writable): one line, never a stack trace.
            return $"state folder {StateDir} cannot be used: {ex.Message}";
        }
    }

    private void StartMetrics()
    {
        var listen = _options.MetricsListen ?? _config.Global.MetricsListen;
        if (listen is null)
        {
            return;
        }

        if (!ListenEndpoint.TryParse(listen, out var endpoint))
        {
            DaemonLog.Fatal(_log, $"metrics_listen '{listen}' is not ADDR:PORT; /metrics is not served");
            return;
        }

        var metrics = new DaemonMetrics(
            () => _engine.StatusAsync(),
            () => _sink is NotificationSink sink ? sink.OutboxStats() : [],
            () => _garp is { } garp ? (garp.GratuitousArpsSent, garp.NeighbourAdvertsSent) : null,
            Receive);
        try
        {
            _metrics = new MetricsServer(endpoint!, metrics.Registry);
            DaemonLog.MetricsListening(_log, _metrics.Endpoint.ToString());
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            DaemonLog.Fatal(_log, $"metrics {listen}: {ex.Message}; /metrics is not served");
        }
    }

    /// <summary>
    /// Type=notify: READY=1 once the instances run and the control socket answers, the watchdog pinged from the
    /// event loop itself (a stuck loop stops the pings, and systemd restarts us), and STATUS= kept current.
    /// </summary>
    private async Task NotifySystemdReadyAsync(CancellationToken cancellationToken)
    {
        _systemd = SystemdNotifier.FromEnvironment(GetEnvironment);
        if (_systemd is not { } systemd)
        {
            return;
        }

        if (systemd.WatchdogInterval is { } watchdog)
        {
            _engine.StartHeartbeat(watchdog / 2, () => systemd.Watchdog());
        }

        var status = await StatusLineAsync().ConfigureAwait(false);
        if (!systemd.Ready(status))
        {
            DaemonLog.SystemdNotifyFailed(_log, systemd.LastError ?? "?");
        }

        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            try
            {
                // Until the loop has stopped: a status request posted after that would never be answered.
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false) && !_engine.Stopped.IsCompleted)
                {
                    var now = await TryStatusLineAsync().ConfigureAwait(false);
                    if (now != status)
                    {
                        status = now;
                        systemd.Status(now);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    /// <summary>systemctl status's one line: "VI_1 MASTER, VI_2 BACKUP".</summary>
    private async Task<string> StatusLineAsync()
    {
        var instances = await _engine.StatusAsync().ConfigureAwait(false);
        return instances.Count == 0 ? "no instances" : string.Join(", ", instances.Select(i => $"{i.Name} {StatusJson.StateName(i.State)}"));
    }

    /// <summary>The status line, or a placeholder when the loop has stopped or does not answer in time.</summary>
    private async Task<string> TryStatusLineAsync()
    {
        if (_engine is null || _engine.Stopped.IsCompleted)
        {
            return "stopping";
        }

        try
        {
            return await StatusLineAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "event loop not answering";
        }
    }

    private async Task DisposeSinkAsync()
    {
        if (_sink is IAsyncDisposable disposableSink)
        {
            await disposableSink.DisposeAsync().ConfigureAwait(false);
        }

        _sink = NullStateChangeSink.Instance;
    }

    private static RawAdvertTransport OpenTransport(IReadOnlyList<InstanceSpec> specs, ILogger log)
    {
        var v6 = specs.Any(s => s.Endpoint.Family == IpFamily.IPv6);
        try
        {
            return RawAdvertTransport.Open(ipv4: true, ipv6: true, log: log);
        }
        catch (IOException) when (!v6)
        {
            // IPv6 may be disabled on this host; only fatal when an instance needs it.
            return RawAdvertTransport.Open(ipv4: true, ipv6: false, log: log);
        }
    }

    private GarpScheduler? CreateAnnouncer()
    {
        try
        {
            _pcap = new PcapAnnouncementSender();
            // Frames go out from a thread of their own: a takeover's VIP adds never wait behind 1,275 GARPs.
            _announcements = new AnnouncementQueue(_pcap, _loggers.CreateLogger<AnnouncementQueue>());
            return new GarpScheduler(_announcements, TimeProvider.System, _loggers.CreateLogger<GarpScheduler>());
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            DaemonLog.AnnouncementsUnavailable(_log, ex is DllNotFoundException ? ex.Message : ex.Message + " (install libpcap0.8)");
            return null;
        }
    }

    private IVipBackend Backend(string type)
    {
        lock (_backends)
        {
            if (!_backends.TryGetValue(type, out var backend))
            {
                _backends[type] = backend = _catalog.CreateVipBackend(type);
            }

            return backend;
        }
    }

    /// <summary>What a new configuration needs, created before anything running is touched.</summary>
    private sealed record Prepared(
        HaConfig Config, NodeSpec Node, ReloadPlan Plan, Dictionary<string, INotifier> Notifiers, Dictionary<string, IVipBackend> Backends);

    /// <summary>
    /// Plans from the running node to <paramref name="config"/> and creates every check, notifier and VIP backend the
    /// plan adds or changes. Each one that cannot be created (a setting that does not bind, an unknown type, a
    /// factory that throws) is added to <paramref name="errors"/> at its FILE:LINE:COL; nothing running is touched.
    /// </summary>
    private Prepared Prepare(HaConfig config, List<InstanceSpec> specs, List<ConfigDiagnostic> errors)
    {
        var used = InstanceSpecBuilder.UsedChecks(config);
        var tracked = used.Select(c => InstanceSpecBuilder.ToTrackedCheck(c, _checks.TryGetValue(c.Name, out var running) ? running.Check.Check : NotCreatedCheck.Instance)).ToList();
        var node = new NodeSpec(specs, tracked, NotificationSink.Fingerprints(config, _catalog));
        var plan = ReloadPlanner.Plan(_node, node);
        for (var i = 0; i < used.Count; i++)
        {
            if (plan.Check(used[i].Name)?.Kind is ItemChangeKind.Added or ItemChangeKind.Changed)
            {
                try
                {
                    tracked[i] = tracked[i] with { Check = _catalog.CreateHealthCheck(used[i]) };
                }
                catch (PluginConfigurationException ex)
                {
                    errors.Add(ex.Diagnostic);
                }
            }
        }

        var notifiers = _sink is NotificationSink sink ? sink.PrepareNotifiers(config, plan, errors) : [];
        var backends = new Dictionary<string, IVipBackend>(StringComparer.OrdinalIgnoreCase);
        var tried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var inst in config.Instances)
        {
            var type = inst.VipBackend ?? config.Global.VipBackend;
            bool known;
            lock (_backends)
            {
                known = _backends.ContainsKey(type);
            }

            if (known || backends.ContainsKey(type) || !tried.Add(type))
            {
                continue;
            }

            try
            {
                backends[type] = _catalog.CreateVipBackend(type, where: inst.VipBackend is null ? config.Global.Where("vip_backend") : inst.Where("vip_backend"));
            }
            catch (PluginConfigurationException ex)
            {
                errors.Add(ex.Diagnostic);
            }
        }

        node = node with { Checks = tracked };
        return new Prepared(config, node, plan, notifiers, backends);
    }

    /// <summary>Drops what <see cref="Prepare"/> created for a reload that is refused.</summary>
    private static async Task DiscardAsync(Prepared prepared)
    {
        // Only what Prepare created: the checks the plan adds or changes, never a running one.
        var created = prepared.Node.Checks.Where(c => prepared.Plan.Check(c.Name)?.Kind is ItemChangeKind.Added or ItemChangeKind.Changed)
            .Select(c => (object)c.Check).Concat(prepared.Notifiers.Values).Concat(prepared.Backends.Values);
        foreach (var item in created.Distinct())
        {
            if (item is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                (item as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>Swaps in a prepared configuration: backends, notifiers, the engine's instances, then the checks.</summary>
    private async Task<IReadOnlyList<string>> ApplyAsync(Prepared prepared, bool starting)
    {
        var plan = prepared.Plan;
        lock (_backends)
        {
            foreach (var (type, backend) in prepared.Backends)
            {
                _backends[type] = backend;
            }
        }

        _config = prepared.Config;
        if (_sink is NotificationSink sink)
        {
            sink.UseConfig(prepared.Config);
            await sink.ApplyNotifiersAsync(plan, prepared.Notifiers).ConfigureAwait(false);
        }

        // Checks that go or change stop before the instances change; their successors start after.
        foreach (var change in plan.Checks.Where(c => c.Kind is ItemChangeKind.Removed or ItemChangeKind.Changed))
        {
            if (_checks.Remove(change.Name, out var running))
            {
                await running.Scheduler.DisposeAsync().ConfigureAwait(false);
            }
        }

        var changes = starting ? [] : await _engine.ReloadAsync(plan).ConfigureAwait(false);
        var restarted = new List<string>();
        foreach (var check in prepared.Node.Checks)
        {
            if (plan.Check(check.Name)?.Kind is ItemChangeKind.Added or ItemChangeKind.Changed)
            {
                StartCheck(check);
                restarted.Add(check.Name);
            }
            else if (_checks.TryGetValue(check.Name, out var running) && running.Scheduler.States.TryGetValue(check.Name, out var healthy))
            {
                // Instances added or changed by this reload learn the state of a check that keeps running.
                _engine.PostCheckResult(check.Name, healthy, null);
            }
        }

        _node = prepared.Node;
        var lines = changes.ToList();
        if (!starting && restarted.Count > 0)
        {
            lines.Add("checks (re)started: " + string.Join(", ", restarted));
        }

        var notifiers = plan.Notifiers.Where(n => n.Kind != ItemChangeKind.Unchanged).ToList();
        if (!starting && notifiers.Count > 0)
        {
            lines.Add("notifiers " + string.Join(", ", notifiers.Select(n => $"{n.Name} {n.Kind.ToString().ToLowerInvariant()}")));
        }

        return lines;
    }

    private void StartCheck(TrackedCheck check)
    {
        var scheduler = new TrackerScheduler([check], t =>
        {
            _engine.PostCheckResult(t.CheckName, t.Healthy, t.Detail);
            return ValueTask.CompletedTask;
        }, TimeProvider.System, _loggers.CreateLogger("checks"));
        _checks[check.Name] = (check, scheduler);

        // The routers start from the scheduler's initial state (at start and after a reload restarted the check):
        // init_fail counts as failed until the check succeeds rise times.
        _engine.PostCheckResult(check.Name, check.InitiallyHealthy, check.InitiallyHealthy ? null : "initial state (init_fail)");
        scheduler.Start();
    }

    /// <summary>Stands in for a check not created yet while planning (the plan compares settings, not objects).</summary>
    private sealed class NotCreatedCheck : IHealthCheck
    {
        public static readonly NotCreatedCheck Instance = new();

        public Task<HealthResult> CheckAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a check placeholder is never run");
    }

    private async Task StartLinkMonitorAsync(CancellationToken cancellationToken)
    {
        ILinkStateSource? source;
        try
        {
            source = Backend(_config.Global.VipBackend) as ILinkStateSource ?? Backend("netlink") as ILinkStateSource;
        }
        catch (Exception ex) when (ex is PluginConfigurationException or InvalidOperationException or KeyNotFoundException)
        {
            DaemonLog.LinkMonitorUnavailable(_log, ex.Message);
            return;
        }

        if (source is null)
        {
            DaemonLog.LinkMonitorUnavailable(_log, "no loaded VIP backend reports link state (the netlink plugin does)");
            return;
        }

        // A failing watch (ENOBUFS after a burst of link events) lists the links again and watches on.
        var monitor = new LinkMonitor(source, (name, up) => _engine.PostLinkChange(name, up), TimeProvider.System, _log);
        try
        {
            await monitor.ReportDownLinksAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DaemonLog.LinkMonitorUnavailable(_log, ex.Message);
            return;
        }

        _ = Task.Run(() => monitor.RunAsync(cancellationToken, listed: true), CancellationToken.None);
    }

    /// <summary>
    /// Re-reads the configuration. Everything new is created first; on any error nothing changes and the errors are
    /// returned (FILE:LINE:COL), with the running checks, notifiers and instances going on untouched.
    /// </summary>
    public async Task<(bool Ok, IReadOnlyList<string> Lines)> ReloadAsync()
    {
        if (_signals.DeferReload())
        {
            return (true, ["reload queued: the daemon is starting; it re-reads the configuration once started"]);
        }

        await _reloadGate.WaitAsync().ConfigureAwait(false);
        var reloadOk = false;
        try
        {
            // systemd shows "reloading" until READY=1; haapp reload's exit code tells systemctl reload how it went.
            _systemd?.Reloading();
            DaemonLog.Reloading(_log, _options.ConfigPath);
            var (config, diagnostics) = LoadConfig();
            var lines = diagnostics.Select(d => d.ToString()).ToList();
            Prepared? prepared = null;
            if (config is not null)
            {
                var (specs, errors) = InstanceSpecBuilder.Build(config, Interfaces);
                if (errors.Count == 0)
                {
                    prepared = Prepare(config, specs, errors);
                }

                lines.AddRange(errors.Select(e => e.ToString()));
                if (errors.Count > 0)
                {
                    if (prepared is not null)
                    {
                        await DiscardAsync(prepared).ConfigureAwait(false);
                    }

                    prepared = null;
                }
            }

            if (prepared is null)
            {
                foreach (var line in lines)
                {
                    DaemonLog.ConfigError(_log, line);
                }

                DaemonLog.ReloadRefused(_log);
                lines.Insert(0, "reload refused: the running configuration goes on");
                return (false, lines);
            }

            IReadOnlyList<string> changes;
            try
            {
                changes = await ApplyAsync(prepared, starting: false).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Everything was created beforehand, so this is a bug; say so rather than leave the caller hanging.
                DaemonLog.Fatal(_log, $"reload failed while applying: {ex.Message}");
                return (false, ["reload failed while applying: " + ex.Message]);
            }

            var summary = changes.Count == 0 ? "no instance changed" : string.Join("; ", changes);
            DaemonLog.Reloaded(_log, summary);
            lines.Insert(0, "reloaded: " + summary);
            reloadOk = true;
            return (true, lines);
        }
        finally
        {
            if (_systemd is { } systemd)
            {
                systemd.Ready((reloadOk ? "" : "last reload refused; ") + await TryStatusLineAsync().ConfigureAwait(false));
            }

            _reloadGate.Release();
        }
    }

    public Task StopAsync()
    {
        DaemonLog.Stopping(_log);
        _systemd?.Stopping();
        return _signals.DeferStop() ? Task.CompletedTask : _engine.StopAsync();
    }

    private async Task<string> HandleControlAsync(string command)
    {
        var words = command.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words.FirstOrDefault()?.ToLowerInvariant())
        {
            case "status" when words.Length > 1 && words[1].Equals("json", StringComparison.OrdinalIgnoreCase):
                return "ok\n" + StatusJson.Format(await _engine.StatusAsync().ConfigureAwait(false), Receive());
            case "status":
                return FormatStatus(await _engine.StatusAsync().ConfigureAwait(false), Receive());
            case "reload":
                var (ok, lines) = await ReloadAsync().ConfigureAwait(false);
                return (ok ? "ok\n" : "error\n") + string.Join("\n", lines);
            case "stop":
                _ = StopAsync();
                return "ok\nstopping";
            default:
                return $"error\nunknown command '{command}'; known: status, status json, reload, stop";
        }
    }

    /// <summary>The status table <c>haapp status</c> prints.</summary>
    public static string FormatStatus(IReadOnlyList<InstanceStatus> instances, ReceiveStatus? receive = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ok");
        foreach (var s in instances)
        {
            var rejected = s.Rejected.Count == 0 ? "none" : string.Join(", ", s.Rejected.Select(kv => $"{kv.Key} {kv.Value}"));
            sb.AppendLine(System.FormattableString.Invariant(
                $"{s.Name}: {s.State.ToString().ToUpperInvariant()} on {s.Interface} vrid {s.Vrid}, priority {s.EffectivePriority} (base {s.BasePriority}), adverts sent {s.AdvertsSent} received {s.AdvertsReceived}, rejected {rejected}, address list mismatches {s.AddressListMismatches}, answers suppressed {s.AnswersSuppressed}, errors {s.Errors}, VIPs {string.Join(" ", s.Vips)}"));
        }

        if (receive is not null)
        {
            sb.AppendLine(receive.Line());
        }

        return sb.ToString();
    }

    private ReceiveStatus Receive() => new((_transport as RawAdvertTransport)?.ReceivePaths ?? [], _engine.PacketsDropped);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        if (_metrics is not null)
        {
            await _metrics.DisposeAsync().ConfigureAwait(false);
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }

        _systemd?.Dispose();

        _garp?.Dispose();
        _announcements?.Dispose();
        _pcap?.Dispose();
        foreach (var backend in _backends.Values.OfType<IDisposable>())
        {
            backend.Dispose();
        }

        _catalog.Dispose();
        _stateLock?.Dispose();
        _reloadGate.Dispose();
        _cts.Dispose();
    }
}
