using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>
/// The corpus in tests/testdata/config/keepalived: good files read without a diagnostic; every bad file's
/// "# expect:" annotations are reported at their line, and nothing else is.
/// </summary>
public sealed class KeepalivedCorpusTests
{
    public static IEnumerable<string> GoodFiles() =>
        Directory.GetFiles(KeepalivedCorpus.File("good"), "*.conf").Select(Path.GetFileName)!;

    public static IEnumerable<string> BadFiles() =>
        Directory.GetFiles(KeepalivedCorpus.File("bad"), "*.conf").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(GoodFiles))]
    public void Read_GoodCorpusFile_NoDiagnostics(string name)
    {
        var (config, diagnostics) = KeepalivedConfigReader.Read(KeepalivedCorpus.File("good", name), new KeepalivedReaderOptions { ConfigId = "lb1" });

        Assert.That(diagnostics, Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances, Is.Not.Empty);
    }

    [TestCaseSource(nameof(BadFiles))]
    public void Read_BadCorpusFile_ReportsExactlyTheExpectedDiagnostics(string name)
    {
        var path = KeepalivedCorpus.File("bad", name);
        var expected = KeepalivedCorpus.ExpectationsIn(path);
        Assume.That(expected, Is.Not.Empty, "a bad corpus file must say what it expects");

        var (_, diagnostics) = KeepalivedConfigReader.Read(path);
        TestContext.Out.WriteLine(string.Join('\n', diagnostics));

        var missing = expected.Where(e => !diagnostics.Any(e.Matches)).ToList();
        var unexpected = diagnostics.Where(d => !expected.Any(e => e.Matches(d))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "expected but not reported:\n" + string.Join('\n', missing) + "\nreported:\n" + string.Join('\n', diagnostics));
            Assert.That(unexpected, Is.Empty, "reported but not expected:\n" + string.Join('\n', unexpected));
        });
    }

    [Test]
    public void Read_VrrpCaptureConfig_MapsTheFourInstances()
    {
        var path = Path.Combine(KeepalivedCorpus.TestData, "vrrp", "keepalived-2.2.7.conf");

        var (config, diagnostics) = KeepalivedConfigReader.Read(path);

        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, string.Join('\n', diagnostics));
        Assert.That(config.Instances.Select(i => i.Name), Is.EqualTo(new[] { "V2_PASS", "V3_V4", "V3_V6", "V2_UNICAST" }));

        var pass = config.Instances[0];
        Assert.Multiple(() =>
        {
            Assert.That(pass.Interface, Is.EqualTo("va"));
            Assert.That(pass.VirtualRouterId, Is.EqualTo(42));
            Assert.That(pass.Priority, Is.EqualTo(150));
            Assert.That(pass.AuthType, Is.EqualTo("PASS"));
            Assert.That(pass.AuthPass, Is.EqualTo("s3cret"));
            Assert.That(pass.VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "192.0.2.42/32", "192.0.2.43/32" }));
            Assert.That(pass.Where("priority").Line, Is.EqualTo(6));
        });

        var v3 = config.Instances[1];
        Assert.That(v3.Version, Is.EqualTo(3));
        Assert.That(v3.AdvertInterval, Is.EqualTo(TimeSpan.FromMilliseconds(500)));

        var v6 = config.Instances[2];
        Assert.That(v6.VirtualAddresses.Select(v => v.ToString()), Is.EqualTo(new[] { "fe80::46/64", "2001:db8::46/64" }));

        var unicast = config.Instances[3];
        Assert.That(unicast.UnicastSrcIp?.ToString(), Is.EqualTo("192.0.2.1"));
        Assert.That(unicast.UnicastPeers.Select(p => p.ToString()), Is.EqualTo(new[] { "192.0.2.2" }));
    }

    [Test]
    public void Read_VrrpCaptureConfig_KeepsSemicolonAsPartOfRouterIdAndWarnsAboutTheRest()
    {
        // keepalived has no ';' separator: "router_id CAPTURE; vrrp_garp_master_repeat 2" sets router_id "CAPTURE;"
        // and ignores the rest (its log shows 5 GARPs, the default repeat). We do the same, and say so.
        var path = Path.Combine(KeepalivedCorpus.TestData, "vrrp", "keepalived-2.2.7.conf");

        var (config, diagnostics) = KeepalivedConfigReader.Read(path);

        Assert.That(config.Global.RouterId, Is.EqualTo("CAPTURE;"));
        Assert.That(config.Global.Garp.MasterRepeat, Is.EqualTo(5));
        Assert.That(
            diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning && d.Location.Line == 1 && d.Message.Contains("vrrp_garp_master_repeat 2", StringComparison.Ordinal) && d.Message.Contains("';' does not end a statement", StringComparison.Ordinal)),
            Is.EqualTo(1),
            string.Join('\n', diagnostics));
    }
}
