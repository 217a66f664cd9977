using HaAppliance.Abstractions;

namespace HaAppliance.Notifications;

/// <summary>An event waiting in a target's outbox; <see cref="Sequence"/> orders delivery.</summary>
public sealed record OutboxEntry(string Target, long Sequence, StateChangeEvent Event, DateTimeOffset Enqueued);
