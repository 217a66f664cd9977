namespace HaAppliance.Hosting;

/// <summary>
/// How received packets fare before any instance sees them, for <c>haapp status</c>: each family's receive path
/// (failures, reopens, multicast dropped for a TTL other than 255) and the packets the engine's bounded queue dropped.
/// </summary>
/// <param name="Paths">The live transport's receive paths (none with another transport).</param>
/// <param name="QueueDropped">Packets dropped because the engine's packet queue was full.</param>
public sealed record ReceiveStatus(IReadOnlyList<ReceivePathStatus> Paths, long QueueDropped)
{
    /// <summary>One line: <c>receive: IPv4 ok (failures 0, reopens 0, ttl dropped 0), ...; queue dropped 0</c>.</summary>
    public string Line() => "receive: " + string.Concat(Paths.Select(p => System.FormattableString.Invariant(
        $"{p.Family} {(p.Receiving ? "ok" : "REOPENING")} (failures {p.Failures}, reopens {p.Reopens}, ttl dropped {p.TtlDropped}{(p.LastError is null ? "" : ", last error: " + p.LastError)}), ")))
        + System.FormattableString.Invariant($"queue dropped {QueueDropped}");
}
