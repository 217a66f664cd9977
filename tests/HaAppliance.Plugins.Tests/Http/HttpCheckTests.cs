using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HaAppliance.Abstractions;
using HaAppliance.Plugins.Http;

namespace HaAppliance.Plugins.Tests.Http;

[TestFixture]
public sealed class HttpCheckTests
{
    private static Task<(int, string)> Answer(int status, string body = "OK") => Task.FromResult((status, body));

    private static async Task<HealthResult> Run(HttpCheckOptions options)
    {
        using var check = new HttpCheck(options);
        return await check.CheckAsync(CancellationToken.None);
    }

    [Test]
    public async Task CheckAsync_200_Healthy()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(200));

        var result = await Run(new HttpCheckOptions { Url = server.Url() });

        Assert.That(result, Is.EqualTo(HealthResult.Ok("HTTP 200")));
        Assert.That(server.Requests.Single().Method, Is.EqualTo("GET"));
        Assert.That(server.Requests.Single().Target, Is.EqualTo("/health"));
    }

    [Test]
    public async Task CheckAsync_500_FailsNamingExpectedCodes()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(500));

        var result = await Run(new HttpCheckOptions { Url = server.Url() });

        Assert.That(result, Is.EqualTo(HealthResult.Fail("HTTP 500 (expected 200-299)")));
    }

    [Test]
    public async Task CheckAsync_ExpectedStatusListAndRange_Healthy()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(302));

        var inRange = await Run(new HttpCheckOptions { Url = server.Url(), ExpectStatus = ["200", "301-303"] });
        var outside = await Run(new HttpCheckOptions { Url = server.Url(), ExpectStatus = ["200,204"] });

        Assert.That(inRange.Healthy, Is.True);
        Assert.That(outside.Detail, Is.EqualTo("HTTP 302 (expected 200,204)"));
    }

    [Test]
    public async Task CheckAsync_BodyRegex_MatchesOrFails()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(200, "status: degraded"));

        var wrong = await Run(new HttpCheckOptions { Url = server.Url(), BodyRegex = "status: (ok|up)" });
        var right = await Run(new HttpCheckOptions { Url = server.Url(), BodyRegex = "degraded$" });

        Assert.That(wrong, Is.EqualTo(HealthResult.Fail("HTTP 200 but body does not match /status: (ok|up)/")));
        Assert.That(right.Healthy, Is.True);
    }

    [Test]
    public async Task CheckAsync_SlowServer_FailsAfterResponseTimeout()
    {
        await using var server = new LoopbackHttpServer(async (_, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return (200, "late");
        });

        var result = await Run(new HttpCheckOptions { Url = server.Url(), ResponseTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.That(result, Is.EqualTo(HealthResult.Fail("no response within 0.3s")));
    }

    [Test]
    public async Task CheckAsync_ConnectionRefused_Fails()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var result = await Run(new HttpCheckOptions { Url = $"http://127.0.0.1:{port}/" });

        Assert.That(result.Healthy, Is.False);
        Assert.That(result.Detail, Does.Contain("Connection refused"));
    }

    [Test]
    public async Task CheckAsync_HeadWithHostHeader_SendsBoth()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(204));

        var result = await Run(new HttpCheckOptions { Url = server.Url(), Method = "HEAD", Host = "www.example.test", ExpectStatus = ["204"] });

        Assert.That(result.Healthy, Is.True);
        var request = server.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("HEAD"));
        Assert.That(request.Headers["Host"], Is.EqualTo("www.example.test"));
    }

    [Test]
    public async Task CheckAsync_SourceAddress_ConnectsFromIt()
    {
        await using var server = new LoopbackHttpServer((_, _) => Answer(200));

        await Run(new HttpCheckOptions { Url = server.Url(), SourceAddress = "127.0.0.2" });

        Assert.That(server.Requests.Single().Remote.Address, Is.EqualTo(IPAddress.Parse("127.0.0.2")));
    }

    [Test]
    public async Task CheckAsync_SelfSignedTls_HealthyOnlyWithVerificationOff()
    {
        using var certificate = SelfSigned();
        await using var server = new LoopbackHttpServer((_, _) => Answer(200), certificate);

        var unverified = await Run(new HttpCheckOptions { Url = server.Url(), VerifyTls = false });
        var verified = await Run(new HttpCheckOptions { Url = server.Url(), VerifyTls = true });

        Assert.That(unverified, Is.EqualTo(HealthResult.Ok("HTTP 200")));
        Assert.That(verified.Healthy, Is.False);
        Assert.That(verified.Detail, Does.Contain("SSL"));
    }

    [TestCase("ftp://x/", "'url' must be an absolute http or https URL, not 'ftp://x/'")]
    [TestCase("http://x/", "'expect_status': '99' is not a status code (100-599) or range (200-299)")]
    public void Constructor_BadOptions_SaysWhichSetting(string url, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new HttpCheck(new HttpCheckOptions { Url = url, ExpectStatus = ["99"] }));

        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
