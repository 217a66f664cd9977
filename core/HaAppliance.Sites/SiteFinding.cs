using HaAppliance.Config;

namespace HaAppliance.Sites;

/// <summary>
/// One cross-node finding, printed like a <see cref="ConfigDiagnostic"/>: <c>FILE:LINE:COL: error: message</c>,
/// pinned to the first node's value, followed by where the same thing is written on the other nodes.
/// </summary>
/// <param name="Kind">What was found.</param>
/// <param name="Location">Where, on the first node involved.</param>
/// <param name="Message">The sentence, naming the nodes and values.</param>
/// <param name="Others">Where, on the other nodes involved, by node name.</param>
public sealed record SiteFinding(SiteFindingKind Kind, SourceLocation Location, string Message, IReadOnlyList<(string Node, SourceLocation Location)> Others)
{
    /// <summary>Errors are what breaks the site now; warnings what breaks it later or under failure.</summary>
    public DiagnosticSeverity Severity => Kind >= SiteFindingKind.VipsDiffer ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;

    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var others = Others.Count == 0 ? "" : " [" + string.Join("; ", Others.Select(o => $"{o.Node}: {o.Location}")) + "]";
        return $"{Location}: {severity}: {Message}{others}";
    }
}
