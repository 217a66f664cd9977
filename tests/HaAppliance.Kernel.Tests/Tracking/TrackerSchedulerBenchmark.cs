using System.Diagnostics;
using HaAppliance.Abstractions;
using HaAppliance.Kernel.Tracking;

namespace HaAppliance.Kernel.Tests.Tracking;

/// <summary>Throughput figures for the report; prints, never asserts timing. Run with --filter Category=Benchmark.</summary>
[TestFixture]
[Explicit("benchmark: prints figures")]
[Category("Benchmark")]
public sealed class TrackerSchedulerBenchmark
{
    [TestCase(64, 1)]
    [TestCase(1000, 1)]
    [TestCase(1000, 10)]
    public async Task Scheduler_TrivialChecks_PrintsChecksPerSecond(int checks, int intervalMilliseconds)
    {
        var trivial = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Ok()));
        var tracked = Enumerable.Range(0, checks).Select(i => new TrackedCheck
        {
            Name = $"chk_{i}",
            Check = trivial,
            Interval = TimeSpan.FromMilliseconds(intervalMilliseconds),
            Timeout = TimeSpan.FromSeconds(5),
        });
        await using var scheduler = new TrackerScheduler(tracked, _ => ValueTask.CompletedTask);
        scheduler.Start();
        await Task.Delay(500);
        long before = scheduler.Runs;
        var watch = Stopwatch.StartNew();
        await Task.Delay(3000);
        long runs = scheduler.Runs - before;
        double seconds = watch.Elapsed.TotalSeconds;
        await scheduler.StopAsync();

        TestContext.Out.WriteLine($"{checks} trivial checks, interval {intervalMilliseconds} ms: {runs / seconds:N0} checks/s over {seconds:0.0} s");
        Assert.That(runs, Is.Positive);
    }
}
