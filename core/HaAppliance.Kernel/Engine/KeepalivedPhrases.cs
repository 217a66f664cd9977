using System.Net;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>
/// keepalived's log phrases for router actions (<c>(VI_1) Entering MASTER STATE</c>, <c>(VI_1) setting VIPs.</c>, ...),
/// so the daemon and the demo print what operators' runbooks grep for.
/// </summary>
public static class KeepalivedPhrases
{
    /// <summary>
    /// The lines for one action. Adverts are silent except priority 0. With <paramref name="announcements"/>,
    /// TakeVips also yields the "Sending/queueing gratuitous ARPs" lines (the daemon's GARP scheduler logs its own).
    /// </summary>
    public static IEnumerable<string> For(string instance, RouterAction action, string device, IReadOnlyList<IPAddress> vips, bool announcements)
    {
        var p = $"({instance})";
        switch (action)
        {
            case RouterAction.StateChanged { To: RouterState.Backup, From: RouterState.Initialize }:
                yield return $"{p} Entering BACKUP STATE (init)";
                break;
            case RouterAction.StateChanged { To: RouterState.Fault, From: RouterState.Initialize } change:
                yield return $"{p} {change.Reason}";
                yield return $"{p} Entering FAULT STATE (init)";
                break;
            case RouterAction.StateChanged { To: RouterState.Master } change:
                if (change.Cause == StateChangeCause.MasterDownTimerExpired)
                {
                    yield return $"{p} Receive advertisement timeout";
                }
                else if (change is { Cause: StateChangeCause.FastPreemption, Advert: { } lower })
                {
                    yield return $"{p} Received advert from {lower.Source} with lower priority {lower.Priority}, ours {change.LocalPriority}, taking over at once (fast preemption)";
                }
                else if (!string.IsNullOrEmpty(change.Reason))
                {
                    yield return $"{p} {change.Reason}";
                }

                yield return $"{p} Entering MASTER STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Backup, Cause: StateChangeCause.HigherPriorityAdvert, Advert: { } higher } change:
                yield return higher.Priority > change.LocalPriority
                    ? $"{p} Master received advert from {higher.Source} with higher priority {higher.Priority}, ours {change.LocalPriority}"
                    : $"{p} Master received advert from {higher.Source} with same priority {higher.Priority} but higher IP address than ours";
                yield return $"{p} Entering BACKUP STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Backup } change:
                if (change.From == RouterState.Fault && !string.IsNullOrEmpty(change.Reason))
                {
                    yield return $"{p} {change.Reason}";
                }

                yield return $"{p} Entering BACKUP STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Fault } change:
                if (!string.IsNullOrEmpty(change.Reason))
                {
                    yield return $"{p} {change.Reason}";
                }

                yield return $"{p} Entering FAULT STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Initialize }:
                yield return $"{p} Stopped";
                break;
            case RouterAction.TakeVips:
                yield return $"{p} setting VIPs.";
                if (announcements)
                {
                    foreach (var vip in vips)
                    {
                        yield return $"{p} Sending/queueing {(vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "Unsolicited Neighbour Adverts" : "gratuitous ARPs")} on {device} for {vip}";
                    }
                }

                break;
            case RouterAction.ReleaseVips:
                yield return $"{p} removing VIPs.";
                break;
            case RouterAction.VipsChanged change:
                foreach (var vip in change.Added)
                {
                    yield return $"{p} adding VIP {vip} (reload)";
                }

                foreach (var vip in change.Removed)
                {
                    yield return $"{p} removing VIP {vip} (reload)";
                }

                break;
            case RouterAction.PriorityChanged change:
                yield return $"{p} Changing effective priority from {change.From} to {change.To}";
                break;
            case RouterAction.SendAdvert { Priority: VrrpTimers.StopPriority }:
                yield return $"{p} sent 0 priority";
                break;
        }
    }
}
