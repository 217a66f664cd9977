using Prometheus;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting.Metrics;

/// <summary>
/// The daemon's Prometheus metrics, collected on each scrape from the engine's status snapshot (a message to the
/// event loop, answered between two inputs: the loop is never blocked nor read from another thread). Names and labels
/// follow the keepalived exporters so existing dashboards and alerts keep working; ours start with <c>haapp_</c>.
/// </summary>
internal sealed class DaemonMetrics
{
    private static readonly string[] InstanceLabels = ["iname", "intf", "vrid"];
    private static readonly string[] ReasonLabels = ["iname", "intf", "vrid", "reason"];

    private readonly Func<Task<IReadOnlyList<InstanceStatus>>> _status;
    private readonly Func<IReadOnlyList<(string Target, int Pending, int DeadLetters)>> _outboxes;
    private readonly Func<(long Arps, long NeighbourAdverts)?> _announcements;
    private readonly Gauge _state;
    private readonly Counter _received;
    private readonly Counter _sent;
    private readonly Counter _becameMaster;
    private readonly Counter _releasedMaster;
    private readonly Counter _zeroReceived;
    private readonly Counter _zeroSent;
    private readonly Counter _packetErrors;
    private readonly Gauge _scriptStatus;
    private readonly Gauge _effectivePriority;
    private readonly Gauge _basePriority;
    private readonly Gauge _lastTransition;
    private readonly Counter _sendFailures;
    private readonly Counter _errors;
    private readonly Gauge _outboxDepth;
    private readonly Gauge _deadLetters;
    private readonly Counter _announcementsSent;
    private readonly Func<ReceiveStatus?> _receive;
    private readonly Counter _packetsDropped;
    private readonly Counter _addressListErrors;
    private readonly Counter _answersSuppressed;
    private readonly Counter _receiveFailures;
    private readonly Counter _receiveReopens;

    public DaemonMetrics(
        Func<Task<IReadOnlyList<InstanceStatus>>> status,
        Func<IReadOnlyList<(string Target, int Pending, int DeadLetters)>> outboxes,
        Func<(long Arps, long NeighbourAdverts)?> announcements,
        Func<ReceiveStatus?>? receive = null)
    {
        _receive = receive ?? (() => null);
        _status = status;
        _outboxes = outboxes;
        _announcements = announcements;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _state = f.CreateGauge("keepalived_vrrp_state", "State of the VRRP instance: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT.", InstanceLabels);
        _received = f.CreateCounter("keepalived_advertisements_received_total", "Advertisements received.", InstanceLabels);
        _sent = f.CreateCounter("keepalived_advertisements_sent_total", "Advertisements sent.", InstanceLabels);
        _becameMaster = f.CreateCounter("keepalived_become_master_total", "Transitions into MASTER.", InstanceLabels);
        _releasedMaster = f.CreateCounter("keepalived_release_master_total", "Transitions out of MASTER.", InstanceLabels);
        _zeroReceived = f.CreateCounter("keepalived_priority_zero_received_total", "Priority 0 advertisements received.", InstanceLabels);
        _zeroSent = f.CreateCounter("keepalived_priority_zero_sent_total", "Priority 0 advertisements sent.", InstanceLabels);
        _packetErrors = f.CreateCounter("keepalived_packet_errors_total", "Packets and advertisements discarded, by reason (haapp's reason names).", ReasonLabels);
        _scriptStatus = f.CreateGauge("keepalived_script_status", "Tracked check status: 1 up, 0 down (absent until the first result).", ["name"]);
        _effectivePriority = f.CreateGauge("haapp_effective_priority", "Priority after the weights of tracked checks and interfaces.", InstanceLabels);
        _basePriority = f.CreateGauge("haapp_priority", "Configured priority.", InstanceLabels);
        _lastTransition = f.CreateGauge("haapp_last_transition_timestamp_seconds", "Unix time of the instance's last state change (absent before the first).", InstanceLabels);
        _sendFailures = f.CreateCounter("haapp_advert_send_failures_total", "Advertisements the transport could not send.", InstanceLabels);
        _errors = f.CreateCounter("haapp_contained_errors_total", "Exceptions of plugins and handlers contained for the instance, and failed VIP backend calls.", InstanceLabels);
        _outboxDepth = f.CreateGauge("haapp_notification_outbox_depth", "Notifications waiting in the target's outbox.", ["target"]);
        _deadLetters = f.CreateGauge("haapp_notification_dead_letters", "Notifications the target's delivery gave up on (dead-letter file).", ["target"]);
        _announcementsSent = f.CreateCounter("haapp_announcements_sent_total", "Gratuitous ARPs (family inet) and unsolicited neighbour adverts (inet6) sent.", ["family"]);
        _packetsDropped = f.CreateCounter("haapp_packets_dropped_total", "Received packets dropped before the event loop: queue_full (a flood), ttl (multicast with TTL / hop limit not 255).", ["reason"]);
        _addressListErrors = f.CreateCounter("keepalived_addr_list_err_total", "Advertisements whose address list differs from ours (accepted, counted).", InstanceLabels);
        _answersSuppressed = f.CreateCounter("haapp_answers_suppressed_total", "Immediate answers to a lower-priority master not sent: one per sender and interval.", InstanceLabels);
        _receiveFailures = f.CreateCounter("haapp_receive_failures_total", "Receive errors of the family's raw socket.", ["family"]);
        _receiveReopens = f.CreateCounter("haapp_receive_reopens_total", "Times the family's raw socket was reopened after receive errors.", ["family"]);
        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>keepalived's number of a state.</summary>
    public static int StateNumber(RouterState state) => state switch
    {
        RouterState.Backup => 1,
        RouterState.Master => 2,
        RouterState.Fault => 3,
        _ => 0,
    };

    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        var instances = await _status().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenReasons = new HashSet<string>(StringComparer.Ordinal);
        var scripts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var timed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in instances)
        {
            string[] labels = [s.Name, s.Interface, s.Vrid.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            seen.Add(Key(labels));
            _state.WithLabels(labels).Set(StateNumber(s.State));
            _received.WithLabels(labels).IncTo(s.AdvertsReceived);
            _sent.WithLabels(labels).IncTo(s.AdvertsSent);
            _becameMaster.WithLabels(labels).IncTo(s.BecameMaster);
            _releasedMaster.WithLabels(labels).IncTo(s.ReleasedMaster);
            _zeroReceived.WithLabels(labels).IncTo(s.PriorityZeroReceived);
            _zeroSent.WithLabels(labels).IncTo(s.PriorityZeroSent);
            _effectivePriority.WithLabels(labels).Set(s.EffectivePriority);
            _basePriority.WithLabels(labels).Set(s.BasePriority);
            _sendFailures.WithLabels(labels).IncTo(s.SendFailures);
            _errors.WithLabels(labels).IncTo(s.Errors);
            _addressListErrors.WithLabels(labels).IncTo(s.AddressListMismatches);
            _answersSuppressed.WithLabels(labels).IncTo(s.AnswersSuppressed);
            if (s.LastTransition is { } at)
            {
                timed.Add(Key(labels));
                _lastTransition.WithLabels(labels).Set(at.ToUnixTimeMilliseconds() / 1000.0);
            }

            foreach (var (reason, count) in s.Rejected)
            {
                string[] withReason = [.. labels, reason];
                seenReasons.Add(Key(withReason));
                _packetErrors.WithLabels(withReason).IncTo(count);
            }

            foreach (var check in s.Checks)
            {
                if (check.Healthy is { } healthy)
                {
                    // Per instance a check's state may be reversed; the script's own state is the unreversed one
                    // only when every instance agrees, so "down" anywhere wins.
                    scripts[check.Name] = scripts.GetValueOrDefault(check.Name, true) && healthy;
                }
            }
        }

        foreach (var (name, up) in scripts)
        {
            _scriptStatus.WithLabels(name).Set(up ? 1 : 0);
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (target, pending, dead) in _outboxes())
        {
            targets.Add(target);
            _outboxDepth.WithLabels(target).Set(pending);
            _deadLetters.WithLabels(target).Set(dead);
        }

        if (_announcements() is { } sent)
        {
            _announcementsSent.WithLabels("inet").IncTo(sent.Arps);
            _announcementsSent.WithLabels("inet6").IncTo(sent.NeighbourAdverts);
        }

        if (_receive() is { } receive)
        {
            _packetsDropped.WithLabels("queue_full").IncTo(receive.QueueDropped);
            _packetsDropped.WithLabels("ttl").IncTo(receive.Paths.Sum(p => p.TtlDropped));
            foreach (var path in receive.Paths)
            {
                var family = path.Family == IpFamily.IPv6 ? "inet6" : "inet";
                _receiveFailures.WithLabels(family).IncTo(path.Failures);
                _receiveReopens.WithLabels(family).IncTo(path.Reopens);
            }
        }

        // Instances, reasons, checks and targets that went away with a reload disappear from the scrape.
        foreach (var collector in new Collector<Gauge.Child>[] { _state, _effectivePriority, _basePriority })
        {
            RemoveStale(collector, seen);
        }

        foreach (var collector in new Collector<Counter.Child>[] { _received, _sent, _becameMaster, _releasedMaster, _zeroReceived, _zeroSent, _sendFailures, _errors, _addressListErrors, _answersSuppressed })
        {
            RemoveStale(collector, seen);
        }

        RemoveStale(_lastTransition, timed);
        RemoveStale(_packetErrors, seenReasons);
        RemoveStale(_scriptStatus, scripts.Keys.ToHashSet(StringComparer.Ordinal));
        RemoveStale(_outboxDepth, targets);
        RemoveStale(_deadLetters, targets);
    }

    private static string Key(string[] labels) => string.Join('\u0001', labels);

    private static void RemoveStale<TChild>(Collector<TChild> collector, HashSet<string> keep)
        where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(Key(labels)))
            {
                collector.RemoveLabelled(labels);
            }
        }
    }
}
