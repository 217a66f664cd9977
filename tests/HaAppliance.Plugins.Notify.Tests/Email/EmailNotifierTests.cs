using HaAppliance.Abstractions;
using HaAppliance.Plugins.Email;
using MailKit.Net.Smtp;

namespace HaAppliance.Plugins.Notify.Tests.Email;

public sealed class EmailNotifierTests
{
    private static EmailNotifierOptions Options(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Security = EmailSecurity.None,
        From = "lb1@example.org",
        To = ["ops@example.org", "oncall@example.org"],
        RouterId = "LVS_PRI",
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Test]
    public async Task NotifyAsync_AcceptingServer_MailsEveryRecipientWithKeepalivedSubjectAndBody()
    {
        await using var server = new SmtpTestServer();
        var notifier = new EmailNotifier(Options(server.Port));
        var e = StateChanges.Make();

        await notifier.NotifyAsync(e, CancellationToken.None);

        var mail = server.Messages.Single();
        Assert.That(mail.From, Is.EqualTo("lb1@example.org"));
        Assert.That(mail.Recipients, Is.EqualTo(new[] { "ops@example.org", "oncall@example.org" }));
        Assert.That(mail.Data, Does.Contain("Subject: [LVS_PRI] VRRP Instance VI_1 - Entering MASTER state"));
        Assert.That(mail.Data, Does.Contain("=> VRRP Instance is now owning VRRP VIPs <="));
        Assert.That(mail.Data, Does.Contain("no advert from 192.0.2.2 for 3.6 s"));
        Assert.That(mail.Data, Does.Contain("192.0.2.10/24, 2001:db8::10/64"));
        Assert.That(mail.Data, Does.Contain($"Message-Id: <{e.Id:N}@haapp>").IgnoreCase);
    }

    [Test]
    public async Task NotifyAsync_LocalUserRecipient_DeliveredAsWritten()
    {
        // keepalived's samples mail "root": a local mailbox, delivered by the SMTP server.
        await using var server = new SmtpTestServer();
        var options = Options(server.Port);
        options.To = ["root", "ops@example.org"];
        options.Validate();

        await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);

        Assert.That(server.Messages.Single().Recipients, Is.EqualTo(new[] { "root", "ops@example.org" }));
    }

    [Test]
    public async Task NotifyAsync_StartTls_UpgradesTheSessionBeforeSending()
    {
        await using var server = new SmtpTestServer { OfferStartTls = true };
        var options = Options(server.Port);
        options.Security = EmailSecurity.StartTls;
        options.AcceptAnyCertificate = true;

        await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);

        Assert.That(server.SawTls, Is.True);
        Assert.That(server.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task NotifyAsync_StartTlsRequiredButNotOffered_Throws()
    {
        await using var server = new SmtpTestServer();
        var options = Options(server.Port);
        options.Security = EmailSecurity.StartTls;

        Assert.That(async () => await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.Exception);
        Assert.That(server.Messages, Is.Empty, "no plain-text fallback when STARTTLS is required");
    }

    [Test]
    public async Task NotifyAsync_ImplicitTls_SendsOverTls()
    {
        await using var server = new SmtpTestServer { ImplicitTls = true };
        var options = Options(server.Port);
        options.Security = EmailSecurity.Tls;
        options.AcceptAnyCertificate = true;

        await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);

        Assert.That(server.SawTls, Is.True);
        Assert.That(server.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task NotifyAsync_SelfSignedCertificateNotAccepted_Throws()
    {
        await using var server = new SmtpTestServer { ImplicitTls = true };
        var options = Options(server.Port);
        options.Security = EmailSecurity.Tls;

        Assert.That(async () => await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.Exception);
        Assert.That(server.Messages, Is.Empty);
    }

    [TestCase(VrrpState.Backup, "Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [TestCase(VrrpState.Fault, "Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [TestCase(VrrpState.Stop, "Stopping", "=> VRRP Instance stopping <=")]
    public void BuildMessage_State_UsesKeepalivedWording(VrrpState state, string headline, string bodyLine)
    {
        var notifier = new EmailNotifier(Options(25));

        var message = notifier.BuildMessage(StateChanges.Make(newState: state));

        Assert.That(message.Subject, Is.EqualTo($"[LVS_PRI] VRRP Instance VI_1 - {headline}"));
        Assert.That(message.TextBody, Does.StartWith(bodyLine));
    }

    [Test]
    public void NotifyAsync_ServerDown_ThrowsConnectionRefused()
    {
        var notifier = new EmailNotifier(Options(SmtpTestServer.UnusedPort()));

        Assert.That(async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.InstanceOf<System.Net.Sockets.SocketException>());
    }

    [Test]
    public async Task NotifyAsync_SlowServer_TimesOut()
    {
        await using var server = new SmtpTestServer(SmtpBehaviour.Silent);
        var options = Options(server.Port);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        var notifier = new EmailNotifier(options);

        Assert.That(async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.InstanceOf<TimeoutException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public async Task NotifyAsync_SlowServerAndCallerCancels_StopsPromptly()
    {
        await using var server = new SmtpTestServer(SmtpBehaviour.Silent);
        var options = Options(server.Port);
        options.Timeout = TimeSpan.FromMinutes(5);
        var notifier = new EmailNotifier(options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await notifier.NotifyAsync(StateChanges.Make(), cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task NotifyAsync_ServerRejects550_Throws()
    {
        await using var server = new SmtpTestServer(SmtpBehaviour.Reject);
        var notifier = new EmailNotifier(Options(server.Port));

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None));
        Assert.That((int)ex!.StatusCode, Is.EqualTo(550));
        Assert.That(server.Messages, Is.Empty);
    }

    [Test]
    public async Task NotifyAsync_PasswordFromEnvironment_AuthenticatesWithIt()
    {
        await using var server = new SmtpTestServer();
        var variable = "HA_TEST_SMTP_PW_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "s3cret");
        try
        {
            var options = Options(server.Port);
            options.Username = "alerts";
            options.PasswordEnv = variable;
            options.AllowPlaintextAuth = true;

            await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);

            Assert.That(server.Messages.Single().AuthPlain, Is.EqualTo("\0alerts\0s3cret"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task NotifyAsync_PasswordFromFile_AuthenticatesWithFirstLine()
    {
        await using var server = new SmtpTestServer();
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "fromfile\n");
            var options = Options(server.Port);
            options.Username = "alerts";
            options.PasswordFile = file;
            options.AllowPlaintextAuth = true;

            await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);

            Assert.That(server.Messages.Single().AuthPlain, Is.EqualTo("\0alerts\0fromfile"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task NotifyAsync_PasswordFileMissing_ErrorNamesTheFile()
    {
        await using var server = new SmtpTestServer();
        var options = Options(server.Port);
        options.Username = "alerts";
        options.PasswordFile = "/nonexistent/ha-pw";
        options.AllowPlaintextAuth = true;
        var notifier = new EmailNotifier(options);

        Assert.That(
            async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("'/nonexistent/ha-pw'"));
        Assert.That(server.Messages, Is.Empty);
    }

    [Test]
    public void Constructor_PasswordWithSecurityNone_RefusedUnlessPlaintextAuthIsAllowed()
    {
        var options = Options(25);
        options.Username = "alerts";
        options.PasswordEnv = "HA_TEST_UNUSED";

        Assert.That(() => new EmailNotifier(options), Throws.ArgumentException.With.Message.Contains("allow_plaintext_auth").And.Message.Contains("'alerts'"));
        options.AllowPlaintextAuth = true;
        Assert.That(() => new EmailNotifier(options), Throws.Nothing);
    }

    [Test]
    public async Task NotifyAsync_StartTlsWhenAvailableNotOffered_RefusesToSendThePassword()
    {
        await using var server = new SmtpTestServer(); // no STARTTLS in its EHLO reply
        var variable = "HA_TEST_SMTP_PW_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "s3cret");
        try
        {
            var options = Options(server.Port);
            options.Security = EmailSecurity.StartTlsWhenAvailable;
            options.Username = "alerts";
            options.PasswordEnv = variable;

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None));

            Assert.That(error!.Message, Does.Contain("did not offer TLS").And.Contain("allow_plaintext_auth").And.Not.Contain("s3cret"));
            Assert.That(server.Messages, Is.Empty);
            options.AllowPlaintextAuth = true;
            await new EmailNotifier(options).NotifyAsync(StateChanges.Make(), CancellationToken.None);
            Assert.That(server.Messages.Single().AuthPlain, Is.EqualTo("\0alerts\0s3cret"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task BuildMessage_CustomTemplateWithTypo_FailsInsteadOfRenderingEmpty()
    {
        var dir = Directory.CreateTempSubdirectory("ha-mailtpl-").FullName;
        try
        {
            var subject = Path.Combine(dir, "subject.sbn");
            await File.WriteAllTextAsync(subject, "{{ instnace }} changed");
            var options = Options(25);
            options.SubjectTemplate = subject;
            var notifier = new EmailNotifier(options);

            Assert.That(() => notifier.BuildMessage(StateChanges.Make()), Throws.Exception.With.Message.Contains("instnace"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Constructor_NoRecipients_ThrowsNamingKeepalivedKeyword()
    {
        var options = Options(25);
        options.To = [];

        Assert.That(() => new EmailNotifier(options), Throws.ArgumentException.With.Message.Contains("notification_email"));
    }

    [Test]
    public void Constructor_BadRecipient_ThrowsNamingIt()
    {
        var options = Options(25);
        options.To = ["ops@example.org", "not an address"];

        Assert.That(() => new EmailNotifier(options), Throws.ArgumentException.With.Message.Contains("'not an address'"));
    }
}
