using System.Text.Json.Serialization;
using HaAppliance.Abstractions;

namespace HaAppliance.Notifications.Journal;

/// <summary>
/// One journaled state transition and why it happened, e.g.
/// <c>chk_nginx failed: exit 1; priority 101 → 81; 192.0.2.2 advertised 100</c>.
/// </summary>
public sealed record TransitionRecord(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("syncGroup")] string? SyncGroup,
    [property: JsonPropertyName("from")] VrrpState From,
    [property: JsonPropertyName("to")] VrrpState To,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("cause")] string Cause)
{
    /// <summary>Builds the record for a state change event, so the journal and notifiers tell the same story.</summary>
    public static TransitionRecord FromEvent(StateChangeEvent e) =>
        new(e.Id, e.Time, e.Node, e.Instance, e.SyncGroup, e.OldState, e.NewState, e.Priority, e.Reason);
}
