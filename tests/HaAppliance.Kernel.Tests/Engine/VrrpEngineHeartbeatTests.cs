namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// The heartbeat behind systemd's watchdog: beats are inputs the event loop handles, so a loop that is stuck
/// (here: one handler that blocks) stops beating instead of a timer thread pinging on its behalf.
/// </summary>
public sealed class VrrpEngineHeartbeatTests
{
    [Test]
    public async Task StartHeartbeat_Period_BeatsOncePerPeriodFromTheLoop()
    {
        await using var lan = new EngineLan();
        var node = lan.Add("lb1", "192.0.2.1", 100);
        await lan.StartAsync();
        var beats = 0;

        node.Engine.StartHeartbeat(TimeSpan.FromSeconds(1), () => beats++);
        await lan.RunForAsync(TimeSpan.FromSeconds(3.5));

        Assert.That(beats, Is.EqualTo(4), "at 0, 1, 2 and 3 s");
    }

    [Test]
    public async Task StartHeartbeat_LoopStuck_NoBeatsUntilTheLoopGoesOn()
    {
        await using var lan = new EngineLan();
        var node = lan.Add("lb1", "192.0.2.1", 100);
        await lan.StartAsync();
        using var gate = new ManualResetEventSlim();
        var beats = 0;

        // The first beat blocks the loop, as a stuck handler would.
        node.Engine.StartHeartbeat(TimeSpan.FromSeconds(1), () =>
        {
            if (Interlocked.Increment(ref beats) == 1)
            {
                gate.Wait(TimeSpan.FromSeconds(30));
            }
        });
        for (var i = 0; i < 5; i++)
        {
            lan.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(200);
        Assert.That(Volatile.Read(ref beats), Is.EqualTo(1), "no beat while the loop is stuck");

        gate.Set();
        await node.Engine.BarrierAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Volatile.Read(ref beats), Is.EqualTo(6), "the loop handles the beats once it goes on");
    }
}
