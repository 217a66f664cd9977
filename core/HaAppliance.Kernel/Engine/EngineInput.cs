namespace HaAppliance.Kernel;

/// <summary>What the event loop consumes, one at a time, in arrival order.</summary>
internal abstract record EngineInput
{
    /// <summary>Packets wait in the bounded packet queue (posted once, not per packet).</summary>
    public sealed record PacketsReady : EngineInput;

    public sealed record TimerTick : EngineInput;

    /// <summary>A health check changed state (already past rise/fall).</summary>
    public sealed record CheckResult(string Check, bool Healthy, string? Detail) : EngineInput;

    /// <summary>An interface went up or down.</summary>
    public sealed record LinkChanged(string Interface, bool Up) : EngineInput;

    /// <summary>Apply <paramref name="Plan"/>; without one, plan from the running specs to <paramref name="Specs"/>.</summary>
    public sealed record Reload(ReloadPlan? Plan, IReadOnlyList<InstanceSpec> Specs, TaskCompletionSource<IReadOnlyList<string>> Done) : EngineInput;

    public sealed record Status(TaskCompletionSource<IReadOnlyList<InstanceStatus>> Done) : EngineInput;

    /// <summary>Completes once everything posted before it has been handled.</summary>
    public sealed record Barrier(TaskCompletionSource<bool> Done) : EngineInput;

    /// <summary>A periodic liveness beat (systemd's watchdog): handled on the loop, so a stuck loop stops the beats.</summary>
    public sealed record Heartbeat(Action Beat) : EngineInput;

    /// <summary>Start the instances (after the startup delay, and after the initial tracker states posted before).</summary>
    public sealed record Start : EngineInput;

    public sealed record Shutdown : EngineInput;
}
