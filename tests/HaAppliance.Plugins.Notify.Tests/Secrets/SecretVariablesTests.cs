using HaAppliance.Abstractions;
using HaAppliance.Notifications.Scripts;
using HaAppliance.Plugins.Email;
using HaAppliance.Plugins.Webhook;

namespace HaAppliance.Plugins.Notify.Tests.Secrets;

/// <summary>The variables a notifier reads its secret from never reach a script the daemon runs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecretVariablesTests
{
    [Test]
    public async Task NotifyScript_NotifierSecretVariables_AreNotInherited()
    {
        using var dir = new TempFolder();
        var suffix = Guid.NewGuid().ToString("N");
        var hook = "HA_TEST_HOOK_SECRET_" + suffix;
        var smtp = "HA_TEST_SMTP_PW_" + suffix;
        var plain = "HA_TEST_PLAIN_" + suffix;
        var dump = Path.Combine(dir.Path, "env.txt");
        Environment.SetEnvironmentVariable(hook, "hook-s3cret");
        Environment.SetEnvironmentVariable(smtp, "smtp-s3cret");
        Environment.SetEnvironmentVariable(plain, "visible");
        try
        {
            using var webhook = new WebhookNotifier(new WebhookNotifierOptions { Url = "http://127.0.0.1:9/hook", SecretEnv = hook });
            _ = new EmailNotifier(new EmailNotifierOptions
            {
                Host = "127.0.0.1", Security = EmailSecurity.StartTls, From = "lb1@example.org", To = ["ops@example.org"], Username = "alerts", PasswordEnv = smtp,
            });
            var script = dir.Script("dump.sh", $"env > {dump}");
            await using var runner = new NotifyScriptRunner(new NotifyScriptOptions { Timeout = TimeSpan.FromSeconds(30) });

            runner.Enqueue(StateChanges.Make("VI_1", VrrpState.Backup, VrrpState.Master), new NotifyScripts { Master = script });
            await runner.WhenIdleAsync("VI_1");

            var environment = await File.ReadAllTextAsync(dump);
            Assert.That(environment, Does.Contain($"{plain}=visible"), "the script got the daemon's other variables");
            Assert.That(environment, Does.Not.Contain(hook).And.Not.Contain("hook-s3cret"));
            Assert.That(environment, Does.Not.Contain(smtp).And.Not.Contain("smtp-s3cret"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(hook, null);
            Environment.SetEnvironmentVariable(smtp, null);
            Environment.SetEnvironmentVariable(plain, null);
        }
    }
}
