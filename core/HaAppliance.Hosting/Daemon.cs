using System.Reflection;
using System.Text;
using HaAppliance.Abstractions;
using HaAppliance.Linux.Announce;
using HaAppliance.Config;
using HaAppliance.Config.Validation;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Kernel.Tracking;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

/// <summary>
/// <c>haapp run</c>: reads the configuration (YAML, template or keepalived.conf), loads the drop-in plugins,
/// and runs the VRRP event loop on the live network with the health checks, VIP backend, announcements,
/// link monitoring, notifications and control socket around it. A reload re-reads the configuration and
/// is refused, with its errors, while the running one goes on.
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
    private HaConfig _config = null!;
    private VrrpEngine _engine = null!;
    private TrackerScheduler? _trackers;
    private GarpScheduler? _garp;
    private PcapAnnouncementSender? _pcap;
    private ControlServer? _control;
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
    public static Daemon? Create(DaemonOptions options, ILoggerFactory loggers, TextWriter errors)
    {
        var daemon = new Daemon(options, loggers);
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

    private string StateDir => _options.StateDir ?? _config.Global.StateDir;

    private string ControlSocketPath => _options.ControlSocket ?? _config.Global.ControlSocket;

    private string Node => _config.Global.RouterId ?? Environment.MachineName;

    /// <summary>Runs until <see cref="StopAsync"/> (SIGTERM/SIGINT): then priority 0 is sent and the VIPs removed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var version = typeof(Daemon).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        DaemonLog.Starting(_log, version, _options.ConfigPath);
        var (specs, errors) = InstanceSpecBuilder.Build(_config, new SystemInterfaceResolver());
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                DaemonLog.ConfigError(_log, e.ToString());
            }

            return 1;
        }

        Directory.CreateDirectory(StateDir);
        RawAdvertTransport transport;
        try
        {
            transport = OpenTransport(specs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            DaemonLog.Fatal(_log, $"cannot open raw VRRP sockets: {ex.Message} (haapp run needs root or CAP_NET_RAW)");
            return 1;
        }

        _garp = CreateAnnouncer();
        _sink = new NotificationSink(_config, _catalog, StateDir, _loggers);
        _engine = new VrrpEngine(Node, transport, Backend, (IVipAnnouncer?)_garp ?? NullVipAnnouncer.Instance, _sink, TimeProvider.System, _loggers.CreateLogger("vrrp"));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var loop = _engine.RunAsync(specs, _options.RemoveStaleVips, linked.Token);
        StartTrackers(_config);
        StartLinkMonitor(linked.Token);
        try
        {
            _control = new ControlServer(ControlSocketPath, HandleControlAsync);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            DaemonLog.Fatal(_log, $"control socket {ControlSocketPath}: {ex.Message}; haapp status/reload will not reach this daemon");
        }

        DaemonLog.StartupComplete(_log);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_trackers is not null)
        {
            await _trackers.DisposeAsync().ConfigureAwait(false);
        }

        if (_sink is IAsyncDisposable disposableSink)
        {
            await disposableSink.DisposeAsync().ConfigureAwait(false);
        }

        await transport.DisposeAsync().ConfigureAwait(false);
        DaemonLog.Stopped(_log);
        return 0;
    }

    private static RawAdvertTransport OpenTransport(IReadOnlyList<InstanceSpec> specs)
    {
        var v6 = specs.Any(s => s.Endpoint.Family == IpFamily.IPv6);
        try
        {
            return RawAdvertTransport.Open(ipv4: true, ipv6: true);
        }
        catch (IOException) when (!v6)
        {
            // IPv6 may be disabled on this host; only fatal when an instance needs it.
            return RawAdvertTransport.Open(ipv4: true, ipv6: false);
        }
    }

    private GarpScheduler? CreateAnnouncer()
    {
        try
        {
            _pcap = new PcapAnnouncementSender();
            return new GarpScheduler(_pcap, TimeProvider.System, _loggers.CreateLogger<GarpScheduler>());
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

    private void StartTrackers(HaConfig config)
    {
        var used = config.Instances.SelectMany(i => i.TrackChecks.Concat(i.TrackFiles)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var checks = config.Checks.Where(c => used.Contains(c.Name)).ToList();
        var tracked = checks.Select(c => InstanceSpecBuilder.ToTrackedCheck(c, _catalog.CreateHealthCheck(c))).ToList();
        _trackers = new TrackerScheduler(tracked, t =>
        {
            _engine.PostCheckResult(t.CheckName, t.Healthy, t.Detail);
            return ValueTask.CompletedTask;
        }, TimeProvider.System, _loggers.CreateLogger("checks"));
        foreach (var c in checks)
        {
            // The routers start from each scheduler's initial state (at start and after a reload restarted the
            // checks): init_fail counts as failed until the check succeeds rise times.
            _engine.PostCheckResult(c.Name, c.InitiallyHealthy, c.InitiallyHealthy ? null : "initial state (init_fail)");
        }

        _trackers.Start();
    }

    private void StartLinkMonitor(CancellationToken cancellationToken)
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

        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var link in await source.GetLinksAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!link.IsUp)
                    {
                        _engine.PostLinkChange(link.Name, up: false);
                    }
                }

                await source.WatchAsync(link =>
                {
                    _engine.PostLinkChange(link.Name, link.IsUp);
                    return ValueTask.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                DaemonLog.LinkMonitorUnavailable(_log, ex.Message);
            }
        }, CancellationToken.None);
    }

    /// <summary>Re-reads the configuration. On errors nothing changes and the errors are returned.</summary>
    public async Task<(bool Ok, IReadOnlyList<string> Lines)> ReloadAsync()
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            DaemonLog.Reloading(_log, _options.ConfigPath);
            var (config, diagnostics) = LoadConfig();
            var lines = diagnostics.Select(d => d.ToString()).ToList();
            List<InstanceSpec> specs = [];
            if (config is not null)
            {
                var (built, errors) = InstanceSpecBuilder.Build(config, new SystemInterfaceResolver());
                specs = built;
                lines.AddRange(errors.Select(e => e.ToString()));
                if (errors.Count > 0)
                {
                    config = null;
                }
            }

            if (config is null)
            {
                foreach (var line in lines)
                {
                    DaemonLog.ConfigError(_log, line);
                }

                DaemonLog.ReloadRefused(_log);
                lines.Insert(0, "reload refused: the running configuration goes on");
                return (false, lines);
            }

            var checksChanged = !SameChecks(_config, config);
            _config = config;
            (_sink as NotificationSink)?.UseConfig(config);
            if (checksChanged && _trackers is not null)
            {
                await _trackers.DisposeAsync().ConfigureAwait(false);
                StartTrackers(config);
            }

            var changes = await _engine.ReloadAsync(specs).ConfigureAwait(false);
            var summary = changes.Count == 0 ? "no instance changed" : string.Join("; ", changes);
            DaemonLog.Reloaded(_log, summary);
            lines.Insert(0, "reloaded: " + summary);
            return (true, lines);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private static bool SameChecks(HaConfig a, HaConfig b) =>
        HaAppliance.Config.Yaml.ConfigYamlWriter.Write(Only(a)) == HaAppliance.Config.Yaml.ConfigYamlWriter.Write(Only(b));

    private static HaConfig Only(HaConfig config)
    {
        var copy = new HaConfig();
        copy.Checks.AddRange(config.Checks);
        foreach (var i in config.Instances)
        {
            var refs = new InstanceConfig { Name = i.Name, Interface = i.Interface, VirtualRouterId = i.VirtualRouterId };
            refs.TrackChecks.AddRange(i.TrackChecks);
            refs.TrackFiles.AddRange(i.TrackFiles);
            copy.Instances.Add(refs);
        }

        return copy;
    }

    public Task StopAsync()
    {
        DaemonLog.Stopping(_log);
        return _engine?.StopAsync() ?? Task.CompletedTask;
    }

    private async Task<string> HandleControlAsync(string command)
    {
        switch (command.Split(' ', 2)[0].ToLowerInvariant())
        {
            case "status":
                return FormatStatus(await _engine.StatusAsync().ConfigureAwait(false));
            case "reload":
                var (ok, lines) = await ReloadAsync().ConfigureAwait(false);
                return (ok ? "ok\n" : "error\n") + string.Join("\n", lines);
            case "stop":
                _ = StopAsync();
                return "ok\nstopping";
            default:
                return $"error\nunknown command '{command}'; known: status, reload, stop";
        }
    }

    /// <summary>The status table <c>haapp status</c> prints.</summary>
    public static string FormatStatus(IReadOnlyList<InstanceStatus> instances)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ok");
        foreach (var s in instances)
        {
            var rejected = s.Rejected.Count == 0 ? "none" : string.Join(", ", s.Rejected.Select(kv => $"{kv.Key} {kv.Value}"));
            sb.AppendLine(System.FormattableString.Invariant(
                $"{s.Name}: {s.State.ToString().ToUpperInvariant()} on {s.Interface} vrid {s.Vrid}, priority {s.EffectivePriority} (base {s.BasePriority}), adverts sent {s.AdvertsSent} received {s.AdvertsReceived}, rejected {rejected}, VIPs {string.Join(" ", s.Vips)}"));
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }

        _garp?.Dispose();
        _pcap?.Dispose();
        foreach (var backend in _backends.Values.OfType<IDisposable>())
        {
            backend.Dispose();
        }

        _catalog.Dispose();
        _reloadGate.Dispose();
        _cts.Dispose();
    }
}
