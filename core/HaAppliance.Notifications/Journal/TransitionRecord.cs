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
    [property: JsonPropertyName("cause")] string Cause,
    [property: JsonPropertyName("kind"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null)
{
    /// <summary>The <see cref="Kind"/> of a record that is no transition: a peer advertises another address list than ours.</summary>
    public const string AddressListKind = "address-list";

    /// <summary>
    /// A note that <paramref name="source"/> advertises other addresses than ours (no state change: <see cref="From"/> and
    /// <see cref="To"/> are the state at the time), e.g. <c>address list differs from 192.0.2.1's: theirs 192.0.2.100, 192.0.2.101; ours 192.0.2.100</c>.
    /// </summary>
    public static TransitionRecord AddressListDiffers(
        DateTimeOffset time, string node, string instance, string? syncGroup, VrrpState state, string source, IEnumerable<string> theirs, IEnumerable<string> ours) =>
        new(Guid.NewGuid(), time, node, instance, syncGroup, state, state, 0,
            $"address list differs from {source}'s: theirs {string.Join(", ", theirs)}; ours {string.Join(", ", ours)}", AddressListKind);

    /// <summary>Builds the record for a state change event, so the journal and notifiers tell the same story.</summary>
    public static TransitionRecord FromEvent(StateChangeEvent e) =>
        new(e.Id, e.Time, e.Node, e.Instance, e.SyncGroup, e.OldState, e.NewState, e.Priority, e.Reason);
}
