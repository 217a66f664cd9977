using System.Globalization;
using System.Text;

namespace HaAppliance.Integration.Tests.Soak;

/// <summary>What a soak run measured: faults by kind, settle times, failovers, missing events, RSS, violations.</summary>
internal sealed class SoakFigures
{
    private readonly Dictionary<FaultKind, List<TimeSpan>> _toOneHolder = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => new List<TimeSpan>());
    private readonly Dictionary<FaultKind, List<TimeSpan>> _toNeighbour = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => new List<TimeSpan>());
    private readonly List<(TimeSpan At, long Kb)> _rss = [];

    /// <summary>Invariant violations, each naming the fault after which it was seen.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>Transitions to MASTER in both journals after the first one.</summary>
    public int Failovers { get; set; }

    /// <summary>Journaled events the webhook receiver never got (at the end of the run).</summary>
    public int MissingEvents { get; set; }

    /// <summary>Journaled events in both journals at the end of the run.</summary>
    public int JournaledEvents { get; set; }

    /// <summary>Hostile packets sent by all floods.</summary>
    public long FloodPackets { get; set; }

    /// <summary>Gratuitous ARPs the nodes logged while floods ran.</summary>
    public long FloodGarps { get; set; }

    /// <summary>Records the settle times after one fault.</summary>
    public void Settled(FaultKind kind, TimeSpan toOneHolder, TimeSpan toNeighbour)
    {
        _toOneHolder[kind].Add(toOneHolder);
        _toNeighbour[kind].Add(toNeighbour);
    }

    /// <summary>Records a daemon's VmRSS in kB at <paramref name="at"/> into the run.</summary>
    public void Rss(TimeSpan at, long kb) => _rss.Add((at, kb));

    /// <summary>RSS samples of the first and the last third of the run (by time), for the growth check.</summary>
    public (long FirstMax, long LastMax) RssThirds(TimeSpan runLength)
    {
        var first = _rss.Where(s => s.At < runLength / 3).Select(s => s.Kb).DefaultIfEmpty(0).Max();
        var last = _rss.Where(s => s.At >= runLength * 2 / 3).Select(s => s.Kb).DefaultIfEmpty(0).Max();
        return (first, last);
    }

    /// <summary>The largest RSS sample in kB.</summary>
    public long RssMax => _rss.Select(s => s.Kb).DefaultIfEmpty(0).Max();

    /// <summary>The figures table printed at the end of a run.</summary>
    public string Table(int seed, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"soak figures (seed {seed}, {elapsed.TotalSeconds:0} s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"fault",-16} {"count",5} {"max to one holder",18} {"max to client entry",20}");
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            var holder = _toOneHolder[kind];
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{kind,-16} {holder.Count,5} {Max(holder),18} {Max(_toNeighbour[kind]),20}");
        }

        var total = _toOneHolder.Values.Sum(l => l.Count);
        text.AppendLine(CultureInfo.InvariantCulture, $"{"all",-16} {total,5} {Max(_toOneHolder.Values.SelectMany(l => l).ToList()),18} {Max(_toNeighbour.Values.SelectMany(l => l).ToList()),20}");
        text.AppendLine(CultureInfo.InvariantCulture, $"failovers (MASTER transitions after the first): {Failovers}");
        text.AppendLine(CultureInfo.InvariantCulture, $"journaled events: {JournaledEvents}; missing at the webhook receiver: {MissingEvents}");
        text.AppendLine(CultureInfo.InvariantCulture, $"hostile packets sent: {FloodPackets}; gratuitous ARPs the nodes sent meanwhile: {FloodGarps}");
        var rss = _rss.Select(s => s.Kb).DefaultIfEmpty(0).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"daemon RSS: min {rss.Min() / 1024.0:0.0} MB, max {rss.Max() / 1024.0:0.0} MB ({_rss.Count} samples)");
        text.AppendLine(CultureInfo.InvariantCulture, $"invariant violations: {Violations.Count}");
        return text.ToString();
    }

    private static string Max(List<TimeSpan> times) =>
        times.Count == 0 ? "-" : times.Max().TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
