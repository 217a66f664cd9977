using System.Diagnostics;
using System.Threading.Channels;
using HaAppliance.Abstractions;
using HaAppliance.Kernel.Tracking;
using HaAppliance.Plugins.Process;
using HaAppliance.Plugins.Tests.Support;

namespace HaAppliance.Plugins.Tests.Process;

[TestFixture]
public sealed class ProcessCheckTests
{
    private static ProcessCheck Check(string argument, int quorum = 1, int? quorumMax = null, ParamMatch? match = null, string? parameters = null, TimeSpan? terminateDelay = null) =>
        new(new ProcessCheckOptions
        {
            Process = parameters is null ? $"sleep {argument}" : "sleep",
            Parameters = parameters,
            ParamMatch = match,
            Quorum = quorum,
            QuorumMax = quorumMax,
            TerminateDelay = terminateDelay,
            ScanInterval = TimeSpan.FromMilliseconds(100),
        }, "chk_sleep");

    [Test]
    public async Task CheckAsync_OneMatchingProcess_Healthy()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);

        var result = await Check(arg).CheckAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo(HealthResult.Ok("1 sleep process running, quorum 1+")));
    }

    [Test]
    public async Task CheckAsync_BelowQuorum_Fails()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);

        var result = await Check(arg, quorum: 2).CheckAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo(HealthResult.Fail("1 sleep process running, quorum 2+")));
    }

    [Test]
    public async Task CheckAsync_AboveQuorumMax_Fails()
    {
        string arg = SleepProcess.UniqueArgument();
        using var a = new SleepProcess(arg);
        using var b = new SleepProcess(arg);

        var result = await Check(arg, quorum: 1, quorumMax: 1).CheckAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo(HealthResult.Fail("2 sleep processes running, quorum 1-1")));
    }

    [Test]
    public async Task CheckAsync_InitialParamMatch_MatchesPrefixOnly()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);

        var prefix = await Check(arg, match: ParamMatch.Initial, parameters: arg[..4]).CheckAsync(CancellationToken.None);
        var partial = await Check(arg, match: ParamMatch.Partial, parameters: arg[..4]).CheckAsync(CancellationToken.None);
        var exact = await Check(arg, parameters: arg[..4]).CheckAsync(CancellationToken.None);
        var noArguments = await Check(arg, match: ParamMatch.Partial, parameters: "").CheckAsync(CancellationToken.None);

        Assert.That(prefix.Healthy, Is.True);
        Assert.That(partial.Healthy, Is.False);
        Assert.That(exact.Healthy, Is.False);
        Assert.That(noArguments.Healthy, Is.False, "param_match without parameters means: no arguments");
    }

    [Test]
    public async Task WatchAsync_ProcessKilled_ReportsFailure()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);
        var reports = Channel.CreateUnbounded<HealthResult>();
        using var stop = new CancellationTokenSource();
        var watch = Check(arg).WatchAsync(r => reports.Writer.WriteAsync(r), stop.Token);

        var first = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        sleep.Kill();
        var second = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(first.Healthy, Is.True);
        Assert.That(second, Is.EqualTo(HealthResult.Fail("0 sleep processes running, quorum 1+")));
    }

    [Test]
    public async Task WatchAsync_ProcessStartsLater_FoundByRescan()
    {
        string arg = SleepProcess.UniqueArgument();
        var reports = Channel.CreateUnbounded<HealthResult>();
        using var stop = new CancellationTokenSource();
        var watch = Check(arg).WatchAsync(r => reports.Writer.WriteAsync(r), stop.Token);

        var first = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        using var sleep = new SleepProcess(arg);
        var second = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(first.Healthy, Is.False);
        Assert.That(second.Healthy, Is.True);
    }

    [Test]
    public async Task WatchAsync_ProcessInsideNetworkNamespace_ExitSeen()
    {
        Requires.Root("creating a network namespace needs root");
        string ns = $"ha-{Guid.NewGuid():N}"[..15];
        Run("ip", "netns", "add", ns);
        try
        {
            string arg = SleepProcess.UniqueArgument();
            using var sleep = new SleepProcess(arg, "ip", "netns", "exec", ns);
            var reports = Channel.CreateUnbounded<HealthResult>();
            using var stop = new CancellationTokenSource();
            var watch = Check(arg).WatchAsync(r => reports.Writer.WriteAsync(r), stop.Token);

            // `ip netns exec` may take a moment before it execs sleep: wait for the healthy report.
            HealthResult report;
            do
            {
                report = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            while (!report.Healthy);

            Assert.That(new FileInfo($"/proc/{sleep.Id}/ns/net").LinkTarget, Is.Not.EqualTo(new FileInfo("/proc/self/ns/net").LinkTarget), "sleep runs in the namespace");
            sleep.Kill();
            var failed = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await watch.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(failed.Healthy, Is.False);
        }
        finally
        {
            Run("ip", "netns", "delete", ns);
        }
    }

    [Test]
    public async Task WatchAsync_WatcherInsideNewNetworkNamespace_ExitSeen()
    {
        Requires.Root("unshare(CLONE_NEWNET) needs root");
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);
        var reports = Channel.CreateUnbounded<HealthResult>();
        using var stop = new CancellationTokenSource();
        Task? watch = null;
        string? watcherNamespace = null;
        Exception? failure = null;

        // The watcher thread is created by a thread that left the host's network namespace, so it runs in
        // the new one; this thread then exits and the test's own threads never change namespace.
        var starter = new Thread(() =>
        {
            try
            {
                ThreadNamespace.EnterNewNetworkNamespace();
                watcherNamespace = ThreadNamespace.Current();
                watch = Check(arg).WatchAsync(r => reports.Writer.WriteAsync(r), stop.Token);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        starter.Start();
        starter.Join();
        Assert.That(failure, Is.Null);
        Assert.That(watcherNamespace, Is.Not.EqualTo(ThreadNamespace.Current()), "the watcher runs in another network namespace");

        var first = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        sleep.Kill();
        var second = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await watch!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(first.Healthy, Is.True);
        Assert.That(second.Healthy, Is.False);
    }

    [Test]
    public async Task TrackerScheduler_KillTrackedProcess_PrintsMedianMillisecondsToStateChange()
    {
        List<double> milliseconds = [];
        for (int i = 0; i < 20; i++)
        {
            string arg = SleepProcess.UniqueArgument();
            using var sleep = new SleepProcess(arg);
            var transitions = Channel.CreateUnbounded<(TrackerTransition Transition, long At)>();
            await using var scheduler = new TrackerScheduler(
                [new TrackedCheck { Name = "chk_sleep", Check = Check(arg) }],
                t => transitions.Writer.WriteAsync((t, Stopwatch.GetTimestamp())));
            scheduler.Start();
            var up = await transitions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(up.Transition.Healthy, Is.True);

            long killed = Stopwatch.GetTimestamp();
            sleep.Kill();
            var down = await transitions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            milliseconds.Add(Stopwatch.GetElapsedTime(killed, down.At).TotalMilliseconds);
            Assert.That(down.Transition, Is.EqualTo(new TrackerTransition("chk_sleep", false, "0 sleep processes running, quorum 1+")));
        }

        milliseconds.Sort();
        TestContext.Out.WriteLine(
            $"kill -> tracker state change over {milliseconds.Count} runs: median {milliseconds[milliseconds.Count / 2]:0.00} ms, " +
            $"min {milliseconds[0]:0.00} ms, max {milliseconds[^1]:0.00} ms");
    }

    [Test]
    public async Task CheckAsync_FullCommand_MatchesWholeCommandLine()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);

        var whole = await new ProcessCheck(new ProcessCheckOptions { Process = $"sleep {arg}", FullCommand = true }, "c").CheckAsync(CancellationToken.None);
        var longer = await new ProcessCheck(new ProcessCheckOptions { Process = $"sleep {arg}1", FullCommand = true }, "c").CheckAsync(CancellationToken.None);

        Assert.That(whole.Healthy, Is.True);
        Assert.That(longer.Detail, Does.StartWith("0 sleep processes running"));
    }

    [Test]
    public async Task WatchAsync_TerminateDelay_ReportsFailureNoSoonerThanTheDelay()
    {
        string arg = SleepProcess.UniqueArgument();
        using var sleep = new SleepProcess(arg);
        var reports = Channel.CreateUnbounded<HealthResult>();
        using var stop = new CancellationTokenSource();
        var watch = Check(arg, terminateDelay: TimeSpan.FromMilliseconds(300)).WatchAsync(r => reports.Writer.WriteAsync(r), stop.Token);
        await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var killed = Stopwatch.StartNew();
        sleep.Kill();
        var failed = await reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = killed.Elapsed;
        await stop.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(failed.Healthy, Is.False);
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)), "lower bound only: the delay is a minimum");
    }

    [Test]
    public void Constructor_QuorumMaxBelowQuorum_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Check("1", quorum: 3, quorumMax: 2));

        Assert.That(ex!.Message, Is.EqualTo("'quorum_max' (2) is below 'quorum' (3)"));
    }

    private static void Run(string program, params string[] args)
    {
        using var p = System.Diagnostics.Process.Start(program, args);
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"{program} {string.Join(' ', args)}");
    }
}
