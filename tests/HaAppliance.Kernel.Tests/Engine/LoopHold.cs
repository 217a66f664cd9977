namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// Holds an engine's loop inside a heartbeat that blocks, so what is injected meanwhile waits in the engine's queues
/// and what is queued and dropped is exact; <see cref="Release"/> lets the loop go on.
/// </summary>
internal sealed class LoopHold : IDisposable
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();

    private LoopHold()
    {
    }

    /// <summary>Returns once <paramref name="engine"/>'s loop is held.</summary>
    public static LoopHold Of(VrrpEngine engine)
    {
        var hold = new LoopHold();
        engine.StartHeartbeat(TimeSpan.FromDays(1), () =>
        {
            hold._entered.Set();
            hold._release.Wait();
        });
        Assert.That(hold._entered.Wait(TimeSpan.FromSeconds(30)), Is.True, "the loop runs the beat");
        return hold;
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        _release.Set();
        _entered.Dispose();
        _release.Dispose();
    }
}
