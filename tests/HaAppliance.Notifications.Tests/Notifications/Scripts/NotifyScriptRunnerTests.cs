using System.Diagnostics;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Notifications.Scripts;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Notifications.Tests.Notifications.Scripts;

/// <summary>Real shell scripts, run by the runner, writing to files the test reads.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NotifyScriptRunnerTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("ha-notify-").FullName;
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF); // 0777: the script-user test runs as nobody
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        return path;
    }

    private string Out(string name = "out") => Path.Combine(_dir, name);

    private static StateChangeEvent Event(string instance, VrrpState state, int priority, string? group = null) =>
        StateChanges.Make(instance, VrrpState.Backup, state, priority, "test", group, vips: []);

    private static NotifyScriptOptions Options(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(20) };

    [Test]
    public async Task Enqueue_GenericNotify_GetsInstanceNameStatePriorityAsArguments()
    {
        var script = Script("notify.sh", $"printf '%s|' \"$@\" >> {Out()}; echo >> {Out()}");
        await using var runner = new NotifyScriptRunner(Options());

        runner.Enqueue(Event("VI_1", VrrpState.Master, 101), new NotifyScripts { Any = $"{script} extra" });
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllText(Out()).Trim(), Is.EqualTo("extra|INSTANCE|VI_1|MASTER|101|"));
    }

    [Test]
    public async Task EnqueueGroup_GenericNotify_GetsGroupAndPriorityZero()
    {
        var script = Script("notify.sh", $"printf '%s|' \"$@\" >> {Out()}");
        await using var runner = new NotifyScriptRunner(Options());

        runner.EnqueueGroup(Event("VI_1", VrrpState.Backup, 90, group: "G1"), new NotifyScripts { Any = script });
        await runner.WhenIdleAsync("G1", group: true);

        Assert.That(File.ReadAllText(Out()), Is.EqualTo("GROUP|G1|BACKUP|0|"));
    }

    [Test]
    public async Task Enqueue_StateScripts_RunTheMatchingOneWithItsQuotedArguments()
    {
        var master = Script("master.sh", $"echo \"master $# $1\" >> {Out()}");
        var backup = Script("backup.sh", $"echo \"backup $# $1\" >> {Out()}");
        var scripts = new NotifyScripts { Master = $"{master} \"hello world\"", Backup = backup };
        await using var runner = new NotifyScriptRunner(Options());

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), scripts);
        runner.Enqueue(Event("VI_1", VrrpState.Backup, 100), scripts);
        runner.Enqueue(Event("VI_1", VrrpState.Fault, 100), scripts); // no notify_fault: nothing runs
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllLines(Out()), Is.EqualTo(new[] { "master 1 hello world", "backup 0 " }));
    }

    [Test]
    public async Task Enqueue_ManyTransitions_ScriptsRunInTransitionOrderPerInstance()
    {
        // MASTER is slow and BACKUP fast: run concurrently (as keepalived does) they would interleave out of order.
        var script = Script("notify.sh", $"[ \"$3\" = MASTER ] && sleep 0.05; echo \"$2 $3 $4\" >> {Out()}");
        var scripts = new NotifyScripts { Any = script };
        await using var runner = new NotifyScriptRunner(Options());
        var expected = new List<string>();

        for (var i = 0; i < 12; i++)
        {
            var state = i % 2 == 0 ? VrrpState.Master : VrrpState.Backup;
            runner.Enqueue(Event("VI_1", state, 100 + i), scripts);
            expected.Add($"VI_1 {state.ToKeepalivedName()} {100 + i}");
        }

        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllLines(Out()), Is.EqualTo(expected));
    }

    [Test]
    public async Task Enqueue_OneInstanceBlocked_AnotherInstanceStillRuns()
    {
        var release = Out("release");
        var blocked = Script("blocked.sh", $"while [ ! -e {release} ]; do sleep 0.01; done; echo VI_1 >> {Out()}");
        var quick = Script("quick.sh", $"echo VI_2 >> {Out()}");
        await using var runner = new NotifyScriptRunner(Options());

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = blocked });
        runner.Enqueue(Event("VI_2", VrrpState.Master, 100), new NotifyScripts { Master = quick });
        await runner.WhenIdleAsync("VI_2");
        var whileBlocked = File.ReadAllLines(Out());
        File.WriteAllText(release, "");
        await runner.WhenIdleAsync("VI_1");

        Assert.That(whileBlocked, Is.EqualTo(new[] { "VI_2" }));
        Assert.That(File.ReadAllLines(Out()), Is.EqualTo(new[] { "VI_2", "VI_1" }));
    }

    [Test]
    public async Task Enqueue_ScriptOverrunsTimeout_WholeProcessGroupIsKilled()
    {
        var childPid = Out("child.pid");
        var script = Script("hang.sh", $"sleep 300 & echo $! > {childPid}.tmp; mv {childPid}.tmp {childPid}; sleep 300; echo finished >> {Out()}");
        var time = new FakeTimeProvider();
        await using var runner = new NotifyScriptRunner(Options(TimeSpan.FromSeconds(10)), timeProvider: time);

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = script });
        runner.Enqueue(Event("VI_1", VrrpState.Backup, 100), new NotifyScripts { Backup = Script("after.sh", $"echo after >> {Out()}") });
        await WaitForFileAsync(childPid); // the script and its child are running
        var pid = int.Parse(File.ReadAllText(childPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(IsAlive(pid), Is.True);
        // The runner arms its timeout on its own thread after starting the script; on a busy machine that can come
        // after the child's pid file. Step the clock until the group is killed (whenever the timer was armed), then
        // stop stepping so the next script runs within its own timeout.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        await runner.WhenIdleAsync("VI_1");

        Assert.That(IsAlive(pid), Is.False, "the script's background child was killed with the group");
        Assert.That(File.ReadAllLines(Out()), Is.EqualTo(new[] { "after" }), "the queue moved on after the timeout");
    }

    [Test]
    public async Task Enqueue_ScriptLeavesABackgroundChild_SucceedsAtItsOwnExitAndTheChildLives()
    {
        // The child inherits stdout and stderr: waiting for the pipes to close would wait for the child.
        var childPid = Out("child.pid");
        var script = Script("detach.sh", $"sleep 600 & echo $! > {childPid}; echo started; exit 0");
        var time = new FakeTimeProvider(); // never advanced: the script's timeout cannot fire
        var log = new ListLogger();
        await using var runner = new NotifyScriptRunner(Options(TimeSpan.FromSeconds(10)), log, time);
        var pid = 0;
        try
        {
            runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = script });
            runner.Enqueue(Event("VI_1", VrrpState.Backup, 100), new NotifyScripts { Backup = Script("after.sh", $"echo after >> {Out()}") });
            await Eventually.UntilAsync(() => File.Exists(childPid) && File.ReadAllText(childPid).EndsWith('\n'), "the child's pid", TimeSpan.FromSeconds(60));
            pid = int.Parse(File.ReadAllText(childPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await runner.WhenIdleAsync("VI_1").WaitAsync(TimeSpan.FromSeconds(60));

            Assert.That(File.ReadAllLines(Out()), Is.EqualTo(new[] { "after" }), "the next script ran");
            Assert.That(log.Messages.Where(m => m.Contains("timed out", StringComparison.Ordinal) || m.Contains("exited with status", StringComparison.Ordinal)), Is.Empty);
            Assert.That(IsAlive(pid), Is.True, "a detached child outlives a script that exited normally");
        }
        finally
        {
            if (pid > 0 && IsAlive(pid))
            {
                using var child = Process.GetProcessById(pid);
                child.Kill();
            }
        }
    }

    [Test]
    public async Task Enqueue_ScriptSecurityAndScriptInOtherWritableFolder_RefusedAndLogged()
    {
        // The fixture's folder is mode 0777: anyone could replace the script before the next transition.
        var script = Script("master.sh", $"echo ran >> {Out()}");
        var options = Options();
        options.Secure = true;
        var log = new ListLogger();
        await using var runner = new NotifyScriptRunner(options, log);

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = script, Any = $"{script} generic" });
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.Exists(Out()), Is.False, "neither script ran");
        Assert.That(log.Messages.Count(m => m.Contains($"refused (enable_script_security): {_dir} is writable by others", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Enqueue_ScriptSecurityAndRootOnlyScript_Runs()
    {
        Requires.Root("only a root-owned script passes the check");
        using var safe = new TempFolder(); // root's, mode 0700
        var script = safe.Script("master.sh", $"echo ran >> {Out()}");
        var options = Options();
        options.Secure = true;
        await using var runner = new NotifyScriptRunner(options);

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = script });
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllText(Out()).Trim(), Is.EqualTo("ran"));
    }

    [Test]
    public void Check_ScriptSecurityOn_ReportsEachUnsafeNotifyScriptAtItsLine()
    {
        var unsafeScript = Script("notify.sh", "exit 0");
        var yaml = $$"""
            global:
              enable_script_security: true
            instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                virtual_ipaddress: [192.0.2.10/24]
                notify_master: {{unsafeScript}} MASTER
            sync_groups:
              G1:
                group: [VI_1]
                notify: {{unsafeScript}}
            """;
        var config = ConfigLoader.LoadYamlText(yaml, "ha.yaml").Config!;

        var diagnostics = HaAppliance.Notifications.Scripts.NotifyScriptSecurity.Check(config);
        config.Global.EnableScriptSecurity = false;
        var off = HaAppliance.Notifications.Scripts.NotifyScriptSecurity.Check(config);

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"ha.yaml:8:20: error: instance 'VI_1': refusing notify_master script (enable_script_security): {_dir} is writable by others (mode 777)",
            $"ha.yaml:12:13: error: sync group 'G1': refusing notify script (enable_script_security): {_dir} is writable by others (mode 777)",
        }));
        Assert.That(off, Is.Empty);
    }

    // Waits for a real process, not for protocol time; bounded generously.
    private static Task WaitForFileAsync(string path) =>
        Eventually.UntilAsync(() => File.Exists(path), $"{path} to appear", TimeSpan.FromSeconds(60));

    [Test]
    public async Task Enqueue_MissingScript_IsLoggedAndTheQueueContinues()
    {
        var ok = Script("ok.sh", $"echo ok >> {Out()}");
        await using var runner = new NotifyScriptRunner(Options());

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = Path.Combine(_dir, "missing.sh"), Any = "\"unterminated" });
        runner.Enqueue(Event("VI_1", VrrpState.Backup, 100), new NotifyScripts { Backup = ok });
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllLines(Out()), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task Enqueue_NotifyFifo_ReceivesKeepalivedLines()
    {
        var fifo = Out("notify.fifo");
        using (var mk = Process.Start("mkfifo", fifo))
        {
            await mk.WaitForExitAsync();
        }

        var reader = Task.Run(() =>
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            using var text = new StreamReader(stream);
            return new[] { text.ReadLine(), text.ReadLine() };
        });
        var options = Options();
        options.FifoPath = fifo;
        await using var runner = new NotifyScriptRunner(options);

        runner.Enqueue(Event("VI_1", VrrpState.Master, 101), new NotifyScripts());
        runner.EnqueueGroup(Event("VI_1", VrrpState.Master, 101, group: "G1"), new NotifyScripts());

        var lines = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(lines, Is.EquivalentTo(new[] { "INSTANCE \"VI_1\" MASTER 101", "GROUP \"G1\" MASTER 0" }));
    }

    [Test]
    public async Task Enqueue_ScriptUser_RunsScriptAsThatUser()
    {
        Requires.Root("running scripts as another user");
        var script = Script("whoami.sh", $"id -un >> {Out()}");
        var options = Options();
        options.ScriptUser = "nobody";
        await using var runner = new NotifyScriptRunner(options);

        runner.Enqueue(Event("VI_1", VrrpState.Master, 100), new NotifyScripts { Master = script });
        await runner.WhenIdleAsync("VI_1");

        Assert.That(File.ReadAllText(Out()).Trim(), Is.EqualTo("nobody"));
    }

    [Test]
    public void FromConfig_GlobalConfig_TakesUserTimeoutAndFifo()
    {
        var global = new GlobalConfig { ScriptUser = "ka", ScriptGroup = "kag", ScriptTimeout = TimeSpan.FromSeconds(3), NotifyFifo = "/run/f" };

        var o = NotifyScriptOptions.FromConfig(global);

        Assert.That((o.ScriptUser, o.ScriptGroup, o.Timeout, o.FifoPath, o.Secure), Is.EqualTo(("ka", "kag", TimeSpan.FromSeconds(3), "/run/f", false)));
        Assert.That(NotifyScriptOptions.FromConfig(new GlobalConfig { EnableScriptSecurity = true }).Secure, Is.True);
    }


    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            // A killed child not yet reaped by PID 1 is a zombie: dead, though still listed.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
