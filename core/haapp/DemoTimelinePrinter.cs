using System.Globalization;
using System.Net;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;

namespace HaAppliance.Cli;

/// <summary>
/// Prints a simulated LAN's timeline as keepalived logs it (<c>(VI_1) Entering MASTER STATE</c>, ...), each line
/// prefixed with the elapsed seconds and the node, so operators see the phrases their runbooks grep for.
/// </summary>
internal sealed class DemoTimelinePrinter(TextWriter output, string instance, string device, IReadOnlyList<IPAddress> vips)
{
    /// <summary>Prints the keepalived lines for one router action (adverts are not logged, except priority 0).</summary>
    public void Print(TimelineEntry entry)
    {
        foreach (var phrase in Phrases(entry.Action))
        {
            Note(entry.Elapsed, entry.Router, phrase);
        }
    }

    /// <summary>Prints one line.</summary>
    public void Note(TimeSpan elapsed, string node, string text) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds,7:F3}s  {node,-4} {text}"));

    private IEnumerable<string> Phrases(RouterAction action)
    {
        var p = $"({instance})";
        switch (action)
        {
            case RouterAction.StateChanged { To: RouterState.Backup, From: RouterState.Initialize }:
                yield return $"{p} Entering BACKUP STATE (init)";
                break;
            case RouterAction.StateChanged { To: RouterState.Fault, From: RouterState.Initialize }:
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

                yield return $"{p} Entering MASTER STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Backup, Cause: StateChangeCause.HigherPriorityAdvert, Advert: { } higher } change:
                yield return higher.Priority > change.LocalPriority
                    ? $"{p} Master received advert from {higher.Source} with higher priority {higher.Priority}, ours {change.LocalPriority}"
                    : $"{p} Master received advert from {higher.Source} with same priority {higher.Priority} but higher IP address than ours";
                yield return $"{p} Entering BACKUP STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Backup }:
                yield return $"{p} Entering BACKUP STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Fault }:
                yield return $"{p} Entering FAULT STATE";
                break;
            case RouterAction.StateChanged { To: RouterState.Initialize }:
                yield return $"{p} Stopped";
                break;
            case RouterAction.TakeVips:
                yield return $"{p} setting VIPs.";
                foreach (var vip in vips)
                {
                    yield return $"{p} Sending/queueing gratuitous ARPs on {device} for {vip}";
                }

                break;
            case RouterAction.ReleaseVips:
                yield return $"{p} removing VIPs.";
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
