using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Notifications.Journal;
using HaAppliance.Notifications.Scripts;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Kernel;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

/// <summary>
/// The daemon's <see cref="IStateChangeSink"/>: journal, notify scripts (instance and sync group) and the
/// configured notifiers behind the durable outbox. keepalived's <c>smtp_alert</c> becomes an <c>email</c>
/// notifier named <c>smtp_alert</c> built from <c>notification_email</c>, <c>notification_email_from</c>
/// and <c>smtp_server</c>.
/// </summary>
public sealed class NotificationSink : IStateChangeSink, IAsyncDisposable
{
    public const string SmtpAlertTarget = "smtp_alert";

    private readonly StateChangeNotifications _notifications;
    private readonly TransitionJournalWriter _journal;
    private readonly NotifyScriptRunner _scripts;
    private readonly NotificationDispatcher _dispatcher;
    private HaConfig _config;
    private readonly Dictionary<string, VrrpState> _groupStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VrrpState> _memberStates = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public NotificationSink(HaConfig config, PluginCatalog catalog, string stateDir, ILoggerFactory loggers)
    {
        _config = config;
        _journal = new TransitionJournalWriter(new TransitionJournal(stateDir), loggers.CreateLogger("journal"));
        _scripts = new NotifyScriptRunner(NotifyScriptOptions.FromConfig(config.Global), loggers.CreateLogger("notify"));
        var targets = config.Notifiers.Select(n => new NotificationTarget(n.Name, catalog.CreateNotifier(n))).ToList();
        if (SmtpAlertNotifier(config) is { } smtp && catalog.Find(PluginKind.Notifier, "email") is not null)
        {
            targets.Add(new NotificationTarget(smtp.Name, catalog.CreateNotifier(smtp)));
        }

        _dispatcher = new NotificationDispatcher(stateDir, targets, loggers.CreateLogger("notifications"));
        _dispatcher.Start();
        _notifications = new StateChangeNotifications(_journal, _scripts, _dispatcher);
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
        if (group is not null)
        {
            PublishGroup(stateChange, instance, group);
        }
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

        _notifications.GroupChanged(
            stateChange with { Id = Guid.NewGuid(), Instance = group.Name, OldState = from, NewState = to, Priority = 0 },
            group.Notify,
            targets);
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        await _scripts.DisposeAsync().ConfigureAwait(false);
        await _journal.DisposeAsync().ConfigureAwait(false);
    }
}
