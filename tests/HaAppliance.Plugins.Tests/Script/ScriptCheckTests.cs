using HaAppliance.Plugins.Script;
using HaAppliance.Plugins.Tests.Support;

namespace HaAppliance.Plugins.Tests.Script;

[TestFixture]
public sealed class ScriptCheckTests
{
    private readonly ListLogger _log = new();
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private ScriptCheck Check(string command, bool shell = false, string? user = null, bool? secure = null) =>
        new(new ScriptCheckOptions { Command = command, Shell = shell, User = user, Secure = secure }, TestContexts.For("chk_script", _log));

    [Test]
    public async Task CheckAsync_ExitZero_Healthy()
    {
        var result = await Check(_dir.Script("ok.sh", "exit 0")).CheckAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo(new Abstractions.HealthResult(true, "exited with status 0")));
    }

    [Test]
    public async Task CheckAsync_ExitThree_FailsWithStatus()
    {
        var result = await Check(_dir.Script("bad.sh", "exit 3")).CheckAsync(CancellationToken.None);

        Assert.That(result, Is.EqualTo(new Abstractions.HealthResult(false, "exited with status 3")));
    }

    [Test]
    public async Task CheckAsync_KilledBySignal_SaysWhichSignal()
    {
        var result = await Check(_dir.Script("term.sh", "kill -TERM $$")).CheckAsync(CancellationToken.None);

        Assert.That(result.Detail, Is.EqualTo("killed by signal 15"));
    }

    [Test]
    public async Task CheckAsync_WithoutShell_PassesQuotedArgumentsVerbatim()
    {
        string script = _dir.Script("args.sh", "echo \"$#:$1:$2\"");

        await Check($"{script} 'a b' \"$HOME\"").CheckAsync(CancellationToken.None);

        Assert.That(_log.Messages, Has.Some.EndsWith("output: 2:a b:$HOME"));
    }

    [Test]
    public async Task CheckAsync_ShellTrue_InterpretsTheCommand()
    {
        var viaShell = await Check("test \"$(echo 4)\" = 4 && exit 4", shell: true).CheckAsync(CancellationToken.None);
        var direct = await Check("exit 4").CheckAsync(CancellationToken.None);

        Assert.That(viaShell.Detail, Is.EqualTo("exited with status 4"));
        Assert.That(direct.Detail, Is.EqualTo("exit not found"));
    }

    [Test]
    public async Task CheckAsync_Cancelled_KillsTheWholeProcessGroup()
    {
        string pidFile = Path.Combine(_dir.Path, "child.pid");
        string script = _dir.Script("hang.sh", $"sleep 1000 &\necho $! > {pidFile}\nsleep 1000");
        using var cts = new CancellationTokenSource();
        var run = Check(script).CheckAsync(cts.Token);
        await Eventually.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the script to start its child");
        int child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await cts.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        await Eventually.UntilAsync(() => IsGoneOrZombie(child), $"background child {child} to die");
    }

    [Test]
    public async Task CheckAsync_LargeOutput_LogsOnlyTheFirstFourKilobytes()
    {
        var result = await Check(_dir.Script("chatty.sh", "head -c 20000 /dev/zero | tr '\\0' x; exit 1")).CheckAsync(CancellationToken.None);

        string line = _log.Messages.Single();
        Assert.That(result.Detail, Is.EqualTo("exited with status 1"));
        Assert.That(line, Does.EndWith(new string('x', 4096) + " [truncated]"));
        Assert.That(line, Does.Not.Contain(new string('x', 4097)));
    }

    [Test]
    public async Task CheckAsync_SecretVariable_NotInheritedByTheScript()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var secret = "HA_TEST_SECRET_" + suffix;
        var plain = "HA_TEST_PLAIN_" + suffix;
        Environment.SetEnvironmentVariable(secret, "s3cret");
        Environment.SetEnvironmentVariable(plain, "visible");
        try
        {
            // What an email notifier with password_env (or a webhook with secret_env) registers when it is created.
            Plugins.Shared.Security.SecretEnvironment.Register(secret);

            await Check(_dir.Script("env.sh", "env | grep HA_TEST_")).CheckAsync(CancellationToken.None);

            Assert.That(_log.Messages, Has.Some.Contains($"{plain}=visible"));
            Assert.That(_log.Messages, Has.None.Contains(secret).And.None.Contains("s3cret"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
            Environment.SetEnvironmentVariable(plain, null);
        }
    }

    [Test]
    public void Constructor_AsRootWithScriptInOtherWritableFolder_Refuses()
    {
        Requires.Root("script security applies to a root daemon");
        string script = _dir.Script("ok.sh", "exit 0");
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)Convert.ToInt32("777", 8));

        var ex = Assert.Throws<UnauthorizedAccessException>(() => Check(script));

        Assert.That(ex!.Message, Is.EqualTo($"refusing script {script}: {_dir.Path} is writable by others (mode 777)"));
    }

    [Test]
    public async Task CheckAsync_SecurityOffWithOtherWritableScript_Runs()
    {
        string script = _dir.Script("ok.sh", "exit 0");
        File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("757", 8));

        var result = await Check(script, secure: false).CheckAsync(CancellationToken.None);

        Assert.That(result.Healthy, Is.True);
    }

    [Test]
    public async Task CheckAsync_User_RunsAsThatUser()
    {
        Requires.Root("changing user needs root");
        string script = _dir.Script("who.sh", "id -u; id -g");

        await Check(script, user: "nobody").CheckAsync(CancellationToken.None);

        var (uid, gid) = (File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == "nobody") is var f ? (f[2], f[3]) : default);
        Assert.That(_log.Messages.Single(), Does.EndWith($"output: {uid}\n{gid}"));
    }

    [Test]
    public async Task CheckAsync_KeepalivedUserAndGroupOnOneLine_RunsAsBoth()
    {
        Requires.Root("changing user needs root");
        string script = _dir.Script("who.sh", "id -u; id -g");

        await Check(script, user: "nobody 0").CheckAsync(CancellationToken.None);

        string uid = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == "nobody")[2];
        Assert.That(_log.Messages.Single(), Does.EndWith($"output: {uid}\n0"));
    }

    private static bool IsGoneOrZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
