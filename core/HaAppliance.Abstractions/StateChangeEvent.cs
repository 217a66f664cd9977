namespace HaAppliance.Abstractions;

/// <summary>A state transition of a VRRP instance, as notifiers receive it.</summary>
/// <param name="Id">Unique id of this event; notifiers may use it to de-duplicate retries.</param>
/// <param name="Time">When the transition happened.</param>
/// <param name="Node">This node's name (router_id).</param>
/// <param name="Instance">The VRRP instance name, e.g. <c>VI_1</c>.</param>
/// <param name="SyncGroup">The sync group the instance belongs to, if any.</param>
/// <param name="OldState">The state left; <see cref="VrrpState.Stop"/> before the first transition.</param>
/// <param name="NewState">The state entered; <see cref="VrrpStateNames.ToKeepalivedName"/> gives the word scripts see.</param>
/// <param name="Priority">The effective priority at the time of the transition.</param>
/// <param name="Reason">Why the transition happened, in words.</param>
/// <param name="VirtualAddresses">The instance's virtual addresses as text (<c>192.0.2.10/24</c>).</param>
public sealed record StateChangeEvent(
    Guid Id,
    DateTimeOffset Time,
    string Node,
    string Instance,
    string? SyncGroup,
    VrrpState OldState,
    VrrpState NewState,
    int Priority,
    string Reason,
    IReadOnlyList<string> VirtualAddresses);
