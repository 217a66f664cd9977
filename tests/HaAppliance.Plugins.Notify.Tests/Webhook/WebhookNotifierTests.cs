using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HaAppliance.Plugins.Webhook;

namespace HaAppliance.Plugins.Notify.Tests.Webhook;

public sealed class WebhookNotifierTests
{
    private static string TemplatePath(string name) => Path.Combine(AppContext.BaseDirectory, "templates", "webhook", name);

    [Test]
    public async Task NotifyAsync_DefaultBody_PostsEventAsJsonWithIdempotencyKeyAndCustomHeaders()
    {
        await using var receiver = new HttpTestReceiver();
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions
        {
            Url = receiver.Url,
            Headers = { ["Authorization"] = "Bearer t0ken", ["X-Team"] = "net" },
        });
        var e = StateChanges.Make(reason: "chk_nginx failed: exit 1; priority 101 → 81");

        await notifier.NotifyAsync(e, CancellationToken.None);

        var request = receiver.Requests.Single();
        Assert.That((request.Method, request.Path), Is.EqualTo(("POST", "/hook")));
        Assert.That(request.Headers["Idempotency-Key"], Is.EqualTo(e.Id.ToString()));
        Assert.That(request.Headers["Authorization"], Is.EqualTo("Bearer t0ken"));
        Assert.That(request.Headers["X-Team"], Is.EqualTo("net"));
        Assert.That(request.Headers["Content-Type"], Does.StartWith("application/json"));
        Assert.That(request.Headers["X-HaApp-Signature"], Is.Null, "no secret, no signature");
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.That(root.GetProperty("id").GetGuid(), Is.EqualTo(e.Id));
        Assert.That(root.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(e.Time));
        Assert.That(root.GetProperty("node").GetString(), Is.EqualTo("lb1"));
        Assert.That(root.GetProperty("instance").GetString(), Is.EqualTo("VI_1"));
        Assert.That(root.GetProperty("oldState").GetString(), Is.EqualTo("BACKUP"));
        Assert.That(root.GetProperty("newState").GetString(), Is.EqualTo("MASTER"));
        Assert.That(root.GetProperty("priority").GetInt32(), Is.EqualTo(101));
        Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("chk_nginx failed: exit 1; priority 101 → 81"));
        Assert.That(root.GetProperty("vips").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(e.VirtualAddresses));
    }

    [Test]
    public async Task NotifyAsync_Secret_SignsTheExactBodyWithHmacSha256()
    {
        await using var receiver = new HttpTestReceiver();
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url, Secret = "shared-secret" });

        await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None);

        var request = receiver.Requests.Single();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("shared-secret"), Encoding.UTF8.GetBytes(request.Body)));
        Assert.That(request.Headers["X-HaApp-Signature"], Is.EqualTo(expected));
    }

    [Test]
    public async Task NotifyAsync_SecretFromEnvironment_UsesItForTheSignature()
    {
        await using var receiver = new HttpTestReceiver();
        var variable = "HA_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "env-secret");
        try
        {
            using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url, SecretEnv = variable, SignatureHeader = "X-Sig" });

            await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None);

            var request = receiver.Requests.Single();
            Assert.That(request.Headers["X-Sig"], Is.EqualTo(WebhookNotifier.Sign(Encoding.UTF8.GetBytes(request.Body), "env-secret")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestCase(500)]
    [TestCase(404)]
    public async Task NotifyAsync_ErrorStatus_Throws(int status)
    {
        await using var receiver = new HttpTestReceiver(_ => status);
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = receiver.Url });

        Assert.That(async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.InstanceOf<HttpRequestException>().With.Message.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task NotifyAsync_ErrorStatus_MessageNamesTheServerNotTheTokenInThePath()
    {
        await using var receiver = new HttpTestReceiver(_ => 403);
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = $"http://127.0.0.1:{receiver.Port}/services/T0001/s3cr3t-t0ken?key=k3y" });

        var error = (await Assert.ThrowsAsync<HttpRequestException>(() => notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None)))!;

        Assert.That(error.Message, Does.Contain($"http://127.0.0.1:{receiver.Port} answered 403"));
        Assert.That(error.Message, Does.Not.Contain("s3cr3t-t0ken").And.Not.Contain("k3y"));
    }

    [Test]
    public void NotifyAsync_ReceiverDown_Throws()
    {
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = $"http://127.0.0.1:{Email.SmtpTestServer.UnusedPort()}/hook" });

        Assert.That(async () => await notifier.NotifyAsync(StateChanges.Make(), CancellationToken.None), Throws.InstanceOf<HttpRequestException>());
    }

    [TestCase("slack.sbn")]
    [TestCase("teams.sbn")]
    [TestCase("alertmanager.sbn")]
    public void RenderBody_ShippedTemplate_IsValidJsonCarryingTheEvent(string template)
    {
        using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = "http://127.0.0.1:9/", BodyTemplate = TemplatePath(template) });
        // Quotes, backslashes and newlines in the reason must be escaped by the template's json function.
        var e = StateChanges.Make(reason: "chk \"nginx\" failed:\nexit 1 \\ bad");

        var body = notifier.RenderBody(e);

        using var json = JsonDocument.Parse(body);
        Assert.That(body, Does.Contain("VI_1"));
        Assert.That(json.RootElement.ToString(), Does.Contain("MASTER"));
        Assert.That(FindString(json.RootElement, s => s.Contains("chk \"nginx\" failed:\nexit 1 \\ bad", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Constructor_TemplateWithTypo_RenderFailsNamingTheVariable()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ \"text\": {{ json instnace }} }");
            using var notifier = new WebhookNotifier(new WebhookNotifierOptions { Url = "http://127.0.0.1:9/", BodyTemplate = file });

            Assert.That(() => notifier.RenderBody(StateChanges.Make()), Throws.Exception.With.Message.Contains("instnace"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("ftp://x/")]
    [TestCase("not a url")]
    [TestCase("")]
    public void Constructor_BadUrl_ThrowsNamingTheSetting(string url)
    {
        Assert.That(() => new WebhookNotifier(new WebhookNotifierOptions { Url = url }),
            Throws.ArgumentException.With.Message.Contains("webhook: url (").And.Message.Contains("not an absolute http or https URL"));
    }

    [Test]
    public void Constructor_BadUrlCarryingAToken_TokenNotInTheMessage()
    {
        // A Slack-style URL without its scheme: the path is the secret.
        const string url = "hooks.example.org/services/T0001/B0001/s3cr3t-t0ken";

        var error = Assert.Throws<ArgumentException>(() => new WebhookNotifier(new WebhookNotifierOptions { Url = url }))!;

        Assert.That(error.Message, Does.Not.Contain("s3cr3t-t0ken"));
        Assert.That(error.Message, Does.Contain($"{url.Length} characters"));
    }

    private static bool FindString(JsonElement element, Func<string, bool> match) => element.ValueKind switch
    {
        JsonValueKind.String => match(element.GetString()!),
        JsonValueKind.Object => element.EnumerateObject().Any(p => FindString(p.Value, match)),
        JsonValueKind.Array => element.EnumerateArray().Any(v => FindString(v, match)),
        _ => false,
    };
}
