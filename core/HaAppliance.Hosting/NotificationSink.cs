using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Notifications.Journal;
using HaAppliance.Notifications.Scripts;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Kernel;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

/// <summary>
/// The daemon's <see cref="IStateChangeSink"/>: journal, notify scripts (instance and sync group) and the
/// configured notifiers behind the durable outbox. keepalived's <c>smtp_alert</c> becomes an <c>email</c>
/// notifier named <c>smtp_alert</c> built from <c>notification_email</c>, <c>notification_email_from</c>
/// and <c>smtp_server</c>. Each notifier has a dispatcher (and outbox folder) of its own, so a reload can rebuild
/// the notifiers whose settings changed and keep the others, with whatever they still have to deliver.
/// </summary>
public sealed class NotificationSink : IStateChangeSink, IAsyncDisposable
{
    public const string SmtpAlertTarget = "smtp_alert";

    private readonly StateChangeNotifications _notifications;
    private readonly TransitionJournalWriter _journal;
    private readonly NotifyScriptRunner _scripts;
    private readonly string _stateDir;
    private readonly PluginCatalog _catalog;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private Dictionary<string, NotificationDispatcher> _dispatchers;
    private HaConfig _config;
    private readonly Dictionary<string, VrrpState> _groupStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VrrpState> _memberStates = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public NotificationSink(HaConfig config, PluginCatalog catalog, string stateDir, ILoggerFactory loggers)
    {
        _config = config;
        _journal = new TransitionJournalWriter(new TransitionJournal(stateDir), loggers.CreateLogger("journal"));
        _scripts = new NotifyScriptRunner(NotifyScriptOptions.FromConfig(config.Global), loggers.CreateLogger("notify"));
        _stateDir = stateDir;
        _catalog = catalog;
        _loggers = loggers;
        _log = loggers.CreateLogger("notifications");
        _dispatchers = NotifierConfigs(config, catalog).Values.ToDictionary(
            n => n.Name, n => NewDispatcher(new NotificationTarget(n.Name, catalog.CreateNotifier(n))), StringComparer.Ordinal);
        foreach (var dispatcher in _dispatchers.Values)
        {
            dispatcher.Start();
        }

        // The notifiers are published to here, by name; journal and scripts go through the shared path.
        _notifications = new StateChangeNotifications(_journal, _scripts, null);
    }

    /// <summary>The notifier targets running now.</summary>
    public IReadOnlyCollection<string> TargetNames => Volatile.Read(ref _dispatchers).Keys;

    /// <summary>
    /// Per notifier target: events waiting in its outbox and events set aside as dead letters, counting those later
    /// dropped from its capped dead-letter file (reads the state directory; for the metrics, never called on the event loop).
    /// </summary>
    public IReadOnlyList<(string Target, int Pending, int DeadLetters)> OutboxStats() =>
        Volatile.Read(ref _dispatchers).OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => (d.Key, d.Value.Outbox.PendingCount(d.Key), d.Value.Outbox.DeadLetters(d.Key).Count + (int)Math.Min(int.MaxValue / 2, d.Value.Outbox.DeadLettersDropped(d.Key))))
            .ToList();

    /// <summary>Every notifier the configuration defines, with keepalived's smtp_alert when it applies.</summary>
    public static Dictionary<string, NotifierConfig> NotifierConfigs(HaConfig config, PluginCatalog catalog)
    {
        var all = config.Notifiers.ToDictionary(n => n.Name, StringComparer.Ordinal);
        if (SmtpAlertNotifier(config) is { } smtp && catalog.Find(PluginKind.Notifier, "email") is not null)
        {
            all[smtp.Name] = smtp;
        }

        return all;
    }

    /// <summary>Name to settings fingerprint of every notifier: what the reload plan compares.</summary>
    public static IReadOnlyDictionary<string, string> Fingerprints(HaConfig config, PluginCatalog catalog) =>
        NotifierConfigs(config, catalog).ToDictionary(kv => kv.Key, kv => InstanceSpecBuilder.Fingerprint(kv.Value.Type, kv.Value.Settings), StringComparer.Ordinal);

    /// <summary>
    /// Creates the notifiers <paramref name="plan"/> adds or changes, without touching the running ones. A notifier that
    /// cannot be created is reported in <paramref name="errors"/> at its FILE:LINE:COL.
    /// </summary>
    public Dictionary<string, INotifier> PrepareNotifiers(HaConfig config, ReloadPlan plan, List<ConfigDiagnostic> errors)
    {
        var configs = NotifierConfigs(config, _catalog);
        var created = new Dictionary<string, INotifier>(StringComparer.Ordinal);
        foreach (var change in plan.Notifiers.Where(n => n.Kind is ItemChangeKind.Added or ItemChangeKind.Changed))
        {
            try
            {
                created[change.Name] = _catalog.CreateNotifier(configs[change.Name]);
            }
            catch (PluginConfigurationException ex)
            {
                errors.Add(ex.Diagnostic);
            }
        }

        return created;
    }

    /// <summary>
    /// Swaps in the notifiers <see cref="PrepareNotifiers"/> created: removed and changed ones stop (what they still had
    /// to deliver stays in their outbox; a changed one's successor delivers it), unchanged ones keep running untouched.
    /// </summary>
    public async Task ApplyNotifiersAsync(ReloadPlan plan, IReadOnlyDictionary<string, INotifier> created)
    {
        var old = Volatile.Read(ref _dispatchers);
        var next = new Dictionary<string, NotificationDispatcher>(old, StringComparer.Ordinal);
        var stopping = new List<NotificationDispatcher>();
        var starting = new List<NotificationDispatcher>();
        foreach (var change in plan.Notifiers)
        {
            if (change.Kind is ItemChangeKind.Removed or ItemChangeKind.Changed && next.Remove(change.Name, out var gone))
            {
                stopping.Add(gone);
            }

            if (change.Kind is ItemChangeKind.Added or ItemChangeKind.Changed && created.TryGetValue(change.Name, out var notifier))
            {
                var dispatcher = NewDispatcher(new NotificationTarget(change.Name, notifier));
                next[change.Name] = dispatcher;
                starting.Add(dispatcher);
            }
        }

        lock (_gate)
        {
            Volatile.Write(ref _dispatchers, next);
        }

        foreach (var dispatcher in stopping)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        // Started after the old ones stopped: what they left in the outbox is delivered once, by the new one.
        foreach (var dispatcher in starting)
        {
            dispatcher.Start();
        }

        foreach (var change in plan.Notifiers.Where(n => n.Kind != ItemChangeKind.Unchanged))
        {
            NotificationSinkLog.NotifierReloaded(_log, change.Name, change.Kind.ToString().ToLowerInvariant());
        }
    }

    private NotificationDispatcher NewDispatcher(NotificationTarget target) =>
        new(_stateDir, [target], _loggers.CreateLogger("notifications"));

    private void Dispatch(StateChangeEvent stateChange, IReadOnlyCollection<string> targets)
    {
        lock (_gate)
        {
            foreach (var name in targets)
            {
                if (_dispatchers.TryGetValue(name, out var dispatcher))
                {
                    dispatcher.Publish(stateChange, [name]);
                }
                else
                {
                    NotificationSinkLog.UnknownTarget(_log, stateChange.Id, name);
                }
            }
        }
    }

    /// <summary>keepalived's global email settings as an email notifier, when some instance or group asks for smtp_alert.</summary>
    public static NotifierConfig? SmtpAlertNotifier(HaConfig config)
    {
        var g = config.Global;
        var wanted = config.Instances.Any(i => i.SmtpAlert == true) || config.SyncGroups.Any(s => s.SmtpAlert == true);
        if (!wanted || g.SmtpServer is null || g.NotificationEmail.Count == 0)
        {
            return null;
        }

        var n = new NotifierConfig { Name = SmtpAlertTarget, Type = "email", Location = g.Location };
        n.Settings.Set("host", g.SmtpServer, g.Where("smtp_server"));
        n.Settings.Set("port", g.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Where("smtp_server"));
        n.Settings.Set("security", "none", g.Where("smtp_server"));
        n.Settings.Set("from", g.NotificationEmailFrom ?? $"keepalived@{Environment.MachineName}", g.Where("notification_email_from"));
        n.Settings.Set("timeout", $"{(int)g.SmtpConnectTimeout.TotalSeconds}s", g.Where("smtp_connect_timeout"));
        for (var i = 0; i < g.NotificationEmail.Count; i++)
        {
            n.Settings.Set($"to:{i}", g.NotificationEmail[i], g.Where("notification_email"));
        }

        if (g.RouterId is not null)
        {
            n.Settings.Set("router_id", g.RouterId, g.Where("router_id"));
        }

        return n;
    }

    /// <summary>The configuration whose notify settings apply to the next state changes (after a reload).</summary>
    public void UseConfig(HaConfig config) => Volatile.Write(ref _config, config);

    public void Publish(StateChangeEvent stateChange)
    {
        var config = Volatile.Read(ref _config);
        var instance = config.Instances.FirstOrDefault(i => i.Name == stateChange.Instance);
        if (instance is null)
        {
            return;
        }

        var group = stateChange.SyncGroup is { } g ? config.SyncGroups.FirstOrDefault(s => s.Name == g) : null;
        var targets = instance.Notifiers.ToList();
        if (instance.SmtpAlert == true)
        {
            targets.Add(SmtpAlertTarget);
        }

        _notifications.InstanceChanged(stateChange, instance.Notify, targets);
        Dispatch(stateChange, targets);
        if (group is not null)
        {
            PublishGroup(stateChange, instance, group);
        }
    }

    /// <summary>Journals the difference only: it is no state change, so no notifier or notify script runs.</summary>
    public void AddressListDiffers(DateTimeOffset time, string node, string instance, VrrpState state, RouterAction.AddressListDiffers difference)
    {
        var group = Volatile.Read(ref _config).SyncGroups.FirstOrDefault(g => g.Instances.Contains(instance))?.Name;
        _journal.Append(TransitionRecord.AddressListDiffers(
            time, node, instance, group, state, difference.Source.ToString(), difference.Theirs.Select(a => a.ToString()), difference.Ours.Select(a => a.ToString())));
    }

    /// <summary>
    /// A sync group is MASTER when all members are, FAULT when any is, else BACKUP (keepalived's rule);
    /// its scripts and notifiers run when that group state changes.
    /// </summary>
    private void PublishGroup(StateChangeEvent stateChange, InstanceConfig instance, SyncGroupConfig group)
    {
        VrrpState from;
        VrrpState to;
        lock (_gate)
        {
            _memberStates[instance.Name] = stateChange.NewState;
            var states = group.Instances.Select(m => _memberStates.TryGetValue(m, out var s) ? s : VrrpState.Backup).ToList();
            to = states.Contains(VrrpState.Fault) ? VrrpState.Fault
                : states.All(s => s == VrrpState.Master) ? VrrpState.Master
                : states.All(s => s == VrrpState.Stop) ? VrrpState.Stop
                : VrrpState.Backup;
            var known = _groupStates.TryGetValue(group.Name, out var previous);
            if (known && previous == to)
            {
                return;
            }

            from = known ? previous : VrrpState.Stop;
            _groupStates[group.Name] = to;
        }

        var targets = group.Notifiers.ToList();
        if (group.SmtpAlert == true)
        {
            targets.Add(SmtpAlertTarget);
        }

        var groupChange = stateChange with { Id = Guid.NewGuid(), Instance = group.Name, OldState = from, NewState = to, Priority = 0, Reason = $"{instance.Name}: {stateChange.Reason}" };
        _notifications.GroupChanged(groupChange, group.Notify, targets);
        Dispatch(groupChange, targets);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in Volatile.Read(ref _dispatchers).Values)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        await _scripts.DisposeAsync().ConfigureAwait(false);
        await _journal.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The sink's own log lines.</summary>
internal static partial class NotificationSinkLog
{
    [LoggerMessage(3100, LogLevel.Warning, "event {Id}: notifier '{Target}' is not configured; not delivered to it")]
    public static partial void UnknownTarget(ILogger log, Guid id, string target);

    [LoggerMessage(3101, LogLevel.Information, "Reload: notifier {Target} {Change}")]
    public static partial void NotifierReloaded(ILogger log, string target, string change);
}
