using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>
/// keepalived's own doc/samples (GPL: not in this repository): read from Debian's keepalived package, or from the
/// folder HAAPP_KEEPALIVED_SAMPLES names; the samples keepalived 2.2.7's <c>--config-test</c> accepts must pass <c>check</c>
/// (warnings about unsupported blocks such as virtual_server are fine). good/samples.conf covers the constructs
/// that failed, without the samples.
/// </summary>
public sealed class KeepalivedSamplesTests
{
    private static readonly string[] AcceptedByKeepalived =
    [
        "keepalived.conf.HTTP_GET.port", "keepalived.conf.IPv6", "keepalived.conf.PING_CHECK", "keepalived.conf.SMTP_CHECK",
        "keepalived.conf.UDP_CHECK", "keepalived.conf.inhibit", "keepalived.conf.misc_check", "keepalived.conf.misc_check_arg",
        "keepalived.conf.quorum", "keepalived.conf.sample", "keepalived.conf.status_code", "keepalived.conf.virtual_server_group",
        "keepalived.conf.virtualhost", "keepalived.conf.vrrp.scripts",
    ];

    private const string DebianSamples = "/usr/share/doc/keepalived/samples";

    [TestCaseSource(nameof(AcceptedByKeepalived))]
    public void Load_SampleKeepalivedAccepts_NoError(string name)
    {
        // Debian's keepalived package (test.sh installs it) ships the samples; a source checkout works too.
        var folder = Environment.GetEnvironmentVariable("HAAPP_KEEPALIVED_SAMPLES") is { Length: > 0 } set ? set : DebianSamples;
        Requires.That(File.Exists(Path.Combine(folder, name)),
            $"keepalived's sample {name} is not in {folder} (apt-get install keepalived, or set HAAPP_KEEPALIVED_SAMPLES to doc/samples)");

        var result = ConfigLoader.Load(Path.Combine(folder, name));

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors, Is.Empty, string.Join('\n', errors));
    }
}
