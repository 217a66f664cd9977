namespace HaAppliance.Sites;

/// <summary>
/// Who holds one instance before and after a failure (or recovery), and how long the change took, counted from
/// the moment the failure lands (right after the master's advert, the worst phase).
/// </summary>
/// <param name="Instance">The instance name.</param>
/// <param name="Segment">Its (interface, family, VRID).</param>
/// <param name="Before">Nodes in Master before (normally one).</param>
/// <param name="After">Nodes in Master after (none: nobody holds it; two: split brain).</param>
/// <param name="Elapsed">Time from the failure to the last change of holder; null when the holder did not change.</param>
/// <param name="Reason">Why, in the protocol's words (e.g. Master_Down_Interval at priority 100).</param>
public sealed record WhatIfOutcome(
    string Instance,
    string Segment,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> After,
    TimeSpan? Elapsed,
    string Reason)
{
    /// <summary><c>VI_1 itoatest1 -> itoatest2 after 3609 ms (Master_Down_Interval at priority 100)</c>.</summary>
    public override string ToString()
    {
        var before = Holders(Before);
        var after = Holders(After);
        var when = Elapsed is { } e ? $" after {FormatMs(e)}" : "";
        return $"{Instance} {before} -> {after}{when} ({Reason})";
    }

    /// <summary>Whole milliseconds, as operators read them; exact values are in the JSON.</summary>
    public static string FormatMs(TimeSpan t) =>
        $"{Math.Round(t.TotalMilliseconds, MidpointRounding.AwayFromZero).ToString(System.Globalization.CultureInfo.InvariantCulture)} ms";

    private static string Holders(IReadOnlyList<string> nodes) => nodes.Count switch
    {
        0 => "nobody",
        1 => nodes[0],
        _ => string.Join("+", nodes) + " (split brain)",
    };
}

/// <summary>One step of a what-if: the targets that failed (or recovered) and what each instance did.</summary>
public sealed record WhatIfStep(string Action, IReadOnlyList<string> Targets, IReadOnlyList<WhatIfOutcome> Outcomes);

/// <summary>The whole answer: the failure step, the recovery step when asked, and notes on the assumptions.</summary>
public sealed record WhatIfReport(IReadOnlyList<WhatIfStep> Steps, IReadOnlyList<string> Notes);
