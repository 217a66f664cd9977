using System.Globalization;
using System.Net;
using HaAppliance.Kernel;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;

namespace HaAppliance.Cli;

/// <summary>
/// Prints a simulated LAN's timeline as keepalived logs it (<c>(VI_1) Entering MASTER STATE</c>, ...), each line
/// prefixed with the elapsed seconds and the node, so operators see the phrases their runbooks grep for. Gratuitous ARP
/// lines come from the daemon's own scheduler (<see cref="DemoAnnouncements"/>), as in <c>haapp run</c>.
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

    private IEnumerable<string> Phrases(RouterAction action) =>
        KeepalivedPhrases.For(instance, action, device, vips, announcements: false);
}
