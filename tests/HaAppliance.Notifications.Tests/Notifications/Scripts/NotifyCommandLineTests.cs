using HaAppliance.Abstractions;
using HaAppliance.Notifications.Scripts;

namespace HaAppliance.Notifications.Tests.Notifications.Scripts;

public sealed class NotifyCommandLineTests
{
    [TestCase("/etc/keepalived/notify.sh", new[] { "/etc/keepalived/notify.sh" })]
    [TestCase("  /bin/echo   a  b ", new[] { "/bin/echo", "a", "b" })]
    [TestCase("/bin/x \"two words\" 'single q' plain", new[] { "/bin/x", "two words", "single q", "plain" })]
    [TestCase("/bin/x a\\ b \"q\\\"uote\"", new[] { "/bin/x", "a b", "q\"uote" })]
    [TestCase("/bin/x \"\"", new[] { "/bin/x", "" })]
    public void Split_CommandLine_ReturnsKeepalivedWords(string line, string[] expected)
    {
        Assert.That(NotifyCommandLine.Split(line), Is.EqualTo(expected));
    }

    [Test]
    public void Split_UnterminatedQuote_ThrowsNamingTheLine()
    {
        Assert.That(() => NotifyCommandLine.Split("/bin/x \"oops"), Throws.TypeOf<FormatException>().With.Message.Contains("/bin/x \"oops"));
    }

    [Test]
    public void BuildArguments_GenericInstance_AppendsTypeNameStatePriority()
    {
        var argv = NotifyScriptRunner.BuildArguments("/bin/n.sh \"x y\"", generic: true, group: false, "VI_1", VrrpState.Master, 101);

        Assert.That(argv, Is.EqualTo(new[] { "/bin/n.sh", "x y", "INSTANCE", "VI_1", "MASTER", "101" }));
    }

    [Test]
    public void BuildArguments_GenericGroup_PassesPriorityZero()
    {
        var argv = NotifyScriptRunner.BuildArguments("/bin/n.sh", generic: true, group: true, "G1", VrrpState.Backup, 150);

        Assert.That(argv, Is.EqualTo(new[] { "/bin/n.sh", "GROUP", "G1", "BACKUP", "0" }));
    }

    [Test]
    public void BuildArguments_SpecificScript_AppendsNothing()
    {
        Assert.That(NotifyScriptRunner.BuildArguments("/bin/m.sh a", generic: false, group: false, "VI_1", VrrpState.Master, 1), Is.EqualTo(new[] { "/bin/m.sh", "a" }));
    }
}
