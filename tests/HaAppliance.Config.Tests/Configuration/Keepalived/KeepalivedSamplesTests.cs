using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>
/// keepalived's own doc/samples (GPL: not in this repository). Point HAAPP_KEEPALIVED_SAMPLES at a checkout's
/// doc/samples folder to run; the samples keepalived 2.2.7's <c>--config-test</c> accepts must pass <c>check</c>
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

    [TestCaseSource(nameof(AcceptedByKeepalived))]
    public void Load_SampleKeepalivedAccepts_NoError(string name)
    {
        var folder = Environment.GetEnvironmentVariable("HAAPP_KEEPALIVED_SAMPLES");
        if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, name)))
        {
            Assert.Ignore("set HAAPP_KEEPALIVED_SAMPLES to keepalived's doc/samples folder to run");
        }

        var result = ConfigLoader.Load(Path.Combine(folder, name));

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors, Is.Empty, string.Join('\n', errors));
    }
}
