using HaAppliance.Abstractions;

namespace HaAppliance.Tests.Support;

/// <summary>State change events as the engine publishes them, with defaults a test overrides by name.</summary>
public static class StateChanges
{
    /// <summary>The time events get unless a test says otherwise: 2026-11-25T19:43:32Z.</summary>
    public static readonly DateTimeOffset DefaultTime = new(2026, 11, 25, 19, 43, 32, TimeSpan.Zero);

    /// <summary>One transition of <paramref name="instance"/> on node lb1, BACKUP → MASTER by default.</summary>
    public static StateChangeEvent Make(
        string instance = "VI_1",
        VrrpState oldState = VrrpState.Backup,
        VrrpState newState = VrrpState.Master,
        int priority = 101,
        string reason = "no advert from 192.0.2.2 for 3.6 s",
        string? syncGroup = null,
        DateTimeOffset? time = null,
        string node = "lb1",
        IReadOnlyList<string>? vips = null) =>
        new(Guid.NewGuid(), time ?? DefaultTime, node, instance, syncGroup, oldState, newState, priority, reason, vips ?? ["192.0.2.10/24", "2001:db8::10/64"]);

    /// <summary>The <paramref name="n"/>th of a numbered series: priority 100 + n and reason <c>transition n</c>, so order shows.</summary>
    public static StateChangeEvent Numbered(string instance, int n, VrrpState newState = VrrpState.Master) =>
        Make(instance, VrrpState.Backup, newState, 100 + n, $"transition {n}", vips: ["192.0.2.10/24"]);
}
