using System.Diagnostics;
using HaAppliance.Notifications;
using HaAppliance.Plugins.Email;
using HaAppliance.Plugins.Notify.Tests.Email;
using HaAppliance.Plugins.Notify.Tests.Webhook;
using HaAppliance.Plugins.Webhook;

namespace HaAppliance.Plugins.Notify.Tests.Outbox;

/// <summary>The kernel's outbox and workers delivering through the real plugins to real servers on loopback.</summary>
public sealed class DeliveryIntegrationTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-delivery-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static NotificationDeliveryOptions Fast(int maxAttempts = 10_000) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxAttempts = maxAttempts,
        MinimumThroughput = 1_000_000,
    };

    private static EmailNotifier Mail(int port, TimeSpan? timeout = null) => new(new EmailNotifierOptions
    {
        Host = "127.0.0.1",
        Port = port,
        Security = EmailSecurity.None,
        From = "lb1@example.org",
        To = ["ops@example.org"],
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    });

    [Test]
    public async Task Webhook_DownForAWhileThenBack_ReceivesEverythingOnceAcceptedInOrder()
    {
        var failures = 0;
        await using var receiver = new HttpTestReceiver(_ => Interlocked.Increment(ref failures) <= 6 ? 503 : 200);
        using var hook = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url });
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", hook, Fast())]);
        dispatcher.Start();
        var events = Enumerable.Range(1, 5).Select(i => StateChanges.Make(reason: $"t{i}")).ToList();

        events.ForEach(e => dispatcher.Publish(e));

        await receiver.WaitUntilAsync(r => r.Accepted.Count() >= 5);
        Assert.That(receiver.Requests.Count(r => r.Status == 503), Is.EqualTo(6));
        Assert.That(receiver.Accepted.Select(r => r.Headers["Idempotency-Key"]), Is.EqualTo(events.Select(e => e.Id.ToString())));
    }

    [Test]
    public async Task Email_ServerDownThenStarted_ReceivesEveryEventInOrder()
    {
        var port = SmtpTestServer.UnusedPort();
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("mail", Mail(port), Fast())]);
        dispatcher.Start();
        var events = Enumerable.Range(1, 3).Select(i => StateChanges.Make(reason: $"t{i}")).ToList();
        events.ForEach(e => dispatcher.Publish(e));
        await dispatcher.FlushAsync();
        Assert.That(dispatcher.Outbox.PendingCount("mail"), Is.EqualTo(3), "nothing delivered while the server is down");

        await using var server = new SmtpTestServer(port: port);

        await server.WaitForMessagesAsync(3);
        Assert.That(server.Messages.Select(m => ReasonOf(m.Data)), Is.EqualTo(new[] { "t1", "t2", "t3" }));
    }

    [Test]
    public async Task Email_ServerRejects550_EventIsDeadLetteredAfterMaxAttempts()
    {
        await using var server = new SmtpTestServer(SmtpBehaviour.Reject);
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("mail", Mail(server.Port), Fast(maxAttempts: 3))]);
        dispatcher.Start();
        var e = StateChanges.Make();

        dispatcher.Publish(e);
        await dispatcher.FlushAsync();

        var letters = await WaitForDeadLettersAsync(dispatcher.Outbox, "mail", 1);
        Assert.That((letters[0].Event.Id, letters[0].Attempts), Is.EqualTo((e.Id, 3)));
        Assert.That(letters[0].Error, Does.Contain("Mailbox unavailable"));
        Assert.That(dispatcher.Outbox.PendingCount("mail"), Is.Zero);
    }

    [Test]
    public async Task SlowSmtpServer_DoesNotDelayTheWebhook()
    {
        await using var silent = new SmtpTestServer(SmtpBehaviour.Silent);
        await using var receiver = new HttpTestReceiver();
        using var hook = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url });
        await using var dispatcher = new NotificationDispatcher(_dir, [
            new NotificationTarget("mail", Mail(silent.Port, TimeSpan.FromMinutes(5)), Fast()),
            new NotificationTarget("hook", hook, Fast())]);
        dispatcher.Start();

        for (var i = 1; i <= 5; i++)
        {
            dispatcher.Publish(StateChanges.Make(reason: $"t{i}"));
        }

        await receiver.WaitUntilAsync(r => r.Accepted.Count() >= 5);
        Assert.That(silent.Messages, Is.Empty);
        Assert.That(dispatcher.Outbox.PendingCount("mail"), Is.EqualTo(5), "mail still stuck on its first event");
    }

    [Test]
    public async Task Outbox_ProcessKilledWithSigkillWhilePending_DeliversEverythingAfterRestart()
    {
        const int count = 25;
        var downUrl = $"http://127.0.0.1:{SmtpTestServer.UnusedPort()}/hook";
        var helper = Path.Combine(AppContext.BaseDirectory, typeof(CrashHelper).Assembly.GetName().Name + ".dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { helper, CrashHelper.Verb, _dir, count.ToString(System.Globalization.CultureInfo.InvariantCulture), downUrl })
        {
            psi.ArgumentList.Add(a);
        }

        using (var process = Process.Start(psi)!)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            }
            finally
            {
                process.Kill(); // SIGKILL on Linux: no shutdown code runs
                await process.WaitForExitAsync();
            }

            // stderr only after the kill: reading it to the end before would wait for the helper to exit.
            Assert.That(line, Is.EqualTo("READY"), await process.StandardError.ReadToEndAsync());
            Assert.That(process.ExitCode, Is.EqualTo(137).Or.EqualTo(-1), "killed by SIGKILL");
        }

        await using var receiver = new HttpTestReceiver();
        using var hook = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url });
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", hook, Fast())]);
        Assert.That(dispatcher.Outbox.PendingCount("hook"), Is.EqualTo(count), "the events survived the crash on disk");
        dispatcher.Start();

        await receiver.WaitUntilAsync(r => r.Accepted.Count() >= count);
        Assert.That(receiver.Accepted.Select(r => ReasonOfJson(r.Body)), Is.EqualTo(Enumerable.Range(1, count).Select(i => $"crash {i}")));
    }

    // The dead-letter file is the only signal here; poll it with a generous bound.
    private static Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(NotificationOutbox outbox, string target, int count) =>
        Eventually.ValueAsync(() => outbox.DeadLetters(target), letters => letters.Count >= count, TimeSpan.FromSeconds(60));

    private static string ReasonOf(string mailData) =>
        mailData.Split('\n').Single(l => l.StartsWith("Reason:", StringComparison.Ordinal))["Reason:".Length..].Trim();

    private static string ReasonOfJson(string body)
    {
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("reason").GetString()!;
    }
}
