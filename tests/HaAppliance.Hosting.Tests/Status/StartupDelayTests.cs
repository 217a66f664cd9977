using HaAppliance.Config;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary>keepalived's vrrp_startup_delay and vrrp_delay_after_boot: the longer delay applies.</summary>
public sealed class StartupDelayTests
{
    [TestCase(0, 0, 30, 0)]
    [TestCase(5, 0, 30, 5)]
    [TestCase(0, 120, 30, 90)]
    [TestCase(100, 120, 30, 100)]
    [TestCase(5, 120, 600, 5)]
    public void Of_LongerOfStartupDelayAndWhatRemainsAfterBoot(int startup, int afterBoot, int uptime, int expected)
    {
        var global = new GlobalConfig { StartupDelay = TimeSpan.FromSeconds(startup), DelayAfterBoot = TimeSpan.FromSeconds(afterBoot) };

        Assert.That(StartupDelay.Of(global, TimeSpan.FromSeconds(uptime)), Is.EqualTo(TimeSpan.FromSeconds(expected)));
    }

    [Test]
    public void Of_UptimeUnknown_BootDelayIgnored()
    {
        var global = new GlobalConfig { StartupDelay = TimeSpan.FromSeconds(2), DelayAfterBoot = TimeSpan.FromSeconds(120) };

        Assert.That(StartupDelay.Of(global, uptime: null), Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void Uptime_ProcUptimeFormat_ParsedAndMissingFileIsNull()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "uptime");
        File.WriteAllText(path, "12345.67 98765.43\n");

        Assert.That(StartupDelay.Uptime(path), Is.EqualTo(TimeSpan.FromSeconds(12345.67)));
        Assert.That(StartupDelay.Uptime(Path.Combine(folder.Path, "missing")), Is.Null);
    }
}
