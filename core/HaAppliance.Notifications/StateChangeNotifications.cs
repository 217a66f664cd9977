using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Notifications.Journal;
using HaAppliance.Notifications.Scripts;

namespace HaAppliance.Notifications;

/// <summary>
/// The one call the daemon makes on a state change: journal it with its cause, run the notify
/// scripts, hand it to the notifiers. Every part only queues, so this never blocks the VRRP event loop.
/// Any part may be null when not configured.
/// </summary>
public sealed class StateChangeNotifications(TransitionJournalWriter? journal, NotifyScriptRunner? scripts, NotificationDispatcher? dispatcher)
{
    /// <summary>An instance changed state: journal, its notify scripts, and the notifiers it names (empty: none).</summary>
    public void InstanceChanged(StateChangeEvent stateChange, NotifyScripts? notify, IReadOnlyCollection<string> notifiers)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        journal?.Append(TransitionRecord.FromEvent(stateChange));
        // The runner also writes the notify_fifo line, so it gets the event even without scripts.
        scripts?.Enqueue(stateChange, notify ?? new NotifyScripts());

        if (notifiers.Count > 0)
        {
            dispatcher?.Publish(stateChange, notifiers);
        }
    }

    /// <summary>
    /// A sync group changed state: journal it (its reason names the member that caused it), its group scripts
    /// (priority 0) and notifiers. Members journal their own transitions too.
    /// </summary>
    public void GroupChanged(StateChangeEvent stateChange, NotifyScripts? notify, IReadOnlyCollection<string> notifiers)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        journal?.Append(TransitionRecord.FromEvent(stateChange));
        scripts?.EnqueueGroup(stateChange, notify ?? new NotifyScripts());
        if (notifiers.Count > 0)
        {
            dispatcher?.Publish(stateChange, notifiers);
        }
    }
}
