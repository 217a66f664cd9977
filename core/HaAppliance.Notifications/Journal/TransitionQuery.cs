namespace HaAppliance.Notifications.Journal;

/// <summary>Which journal records to read; null members do not filter.</summary>
public sealed record TransitionQuery(string? Instance = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null)
{
    public static TransitionQuery All { get; } = new();

    public bool Matches(TransitionRecord record) =>
        (Instance is null || string.Equals(record.Instance, Instance, StringComparison.Ordinal)
            || string.Equals(record.SyncGroup, Instance, StringComparison.Ordinal))
        && (Since is null || record.Time >= Since)
        && (Until is null || record.Time <= Until);
}
