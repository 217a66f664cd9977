using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// Protocol deadlines run on the monotonic clock: stepping a node's wall clock (NTP, an operator) must not silence a
/// Master nor make a Backup's Master_Down_Timer look expired (keepalived uses CLOCK_MONOTONIC for the same reason).
/// </summary>
public sealed class WallClockStepTests
{
    [TestCase(-60)]
    [TestCase(60)]
    public async Task StepWallClock_OnTheMaster_BackupDoesNotTakeOver(int seconds)
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        var sentBefore = (await a.Engine.StatusAsync()).Single().AdvertsSent;

        a.Clock.StepWall(TimeSpan.FromSeconds(seconds));
        await lan.RunForAsync(TimeSpan.FromSeconds(10));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Backup), "the backup kept hearing the master");
        var sent = (await a.Engine.StatusAsync()).Single().AdvertsSent - sentBefore;
        Assert.That(sent, Is.InRange(9, 11), "one advert per second across the step, no burst and no silence");
    }

    [TestCase(-60)]
    [TestCase(60)]
    public async Task StepWallClock_OnTheBackup_BackupStaysBackup(int seconds)
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        var b = lan.Add("lb2", "192.0.2.2", 100);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        var eventsBefore = b.Sink.Events.Count;

        b.Clock.StepWall(TimeSpan.FromSeconds(seconds));
        await lan.RunForAsync(TimeSpan.FromSeconds(10));

        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));
        Assert.That(await b.StateAsync(), Is.EqualTo(RouterState.Backup));
        Assert.That(b.Sink.Events.Skip(eventsBefore), Is.Empty, "no transition after the step");
    }
}
