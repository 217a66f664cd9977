using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary>sd_notify: a real AF_UNIX datagram socket stands in for systemd's NOTIFY_SOCKET.</summary>
[NonParallelizable]
public sealed class SystemdNotifyTests
{
    private string _dir = "";
    private Socket? _systemd;
    private readonly List<string> _received = [];

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("ha-notify-").FullName;
        _systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _systemd.Bind(new UnixDomainSocketEndPoint(SocketPath));
    }

    [TearDown]
    public void TearDown()
    {
        _systemd?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string SocketPath => Path.Combine(_dir, "notify");

    private Func<string, string?> Environment(string? watchdogUsec = null) => name => name switch
    {
        "NOTIFY_SOCKET" => SocketPath,
        "WATCHDOG_USEC" => watchdogUsec,
        _ => null,
    };

    /// <summary>Reads datagrams until one satisfies <paramref name="match"/>; every one read is kept in order.</summary>
    private async Task<string> ReceiveAsync(Func<string, bool> match, string what)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            int n;
            try
            {
                n = await _systemd!.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no datagram: {what}; received:\n{string.Join("\n--\n", _received)}");
                throw;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, n);
            _received.Add(text);
            if (match(text))
            {
                return text;
            }
        }
    }

    [Test]
    public async Task Start_NotifySocket_ReadyWithStatusLine()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), environment: Environment());

        var ready = await ReceiveAsync(d => d.Contains("READY=1", StringComparison.Ordinal), "READY=1");

        Assert.That(ready, Does.Match(@"^READY=1\nSTATUS=VI_1 (INIT|BACKUP|MASTER), VI_2 (INIT|BACKUP|MASTER)$"));
        Assert.That(_received, Has.None.Contains("WATCHDOG=1"), "no WATCHDOG_USEC, no pings");
    }

    [Test]
    public async Task Start_WatchdogUsec_PingsAtHalfTheIntervalFromTheLoop()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), environment: Environment(watchdogUsec: "400000"));
        await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1");
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 5; i++)
        {
            await ReceiveAsync(d => d == "WATCHDOG=1", "WATCHDOG=1");
        }

        // Five pings at 200 ms (half of 400 ms) take about a second; far more would mean no pings at half the interval.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(500)));
    }

    [Test]
    public async Task Reload_NotifySocket_ReloadingWithMonotonicUsecThenReady()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), environment: Environment());
        await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 at start");
        var before = (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

        var (ok, lines) = await daemon.Daemon.ReloadAsync();

        Assert.That(ok, Is.True, string.Join("\n", lines));
        var reloading = await ReceiveAsync(d => d.StartsWith("RELOADING=1", StringComparison.Ordinal), "RELOADING=1");
        var usec = long.Parse(reloading.Split('\n').Single(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal))["MONOTONIC_USEC=".Length..], CultureInfo.InvariantCulture);
        Assert.That(usec, Is.InRange(before, before + 10_000_000), "CLOCK_MONOTONIC in microseconds");
        var ready = await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 after the reload");
        Assert.That(ready, Does.Contain("STATUS=VI_1 "));
    }

    [Test]
    public async Task Reload_Refused_ReadyAgainWithRefusalInStatus()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), environment: Environment());
        await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 at start");
        await File.WriteAllTextAsync(daemon.ConfigPath, daemon.Config(global: "vrrp_version: 7"));

        var (ok, _) = await daemon.Daemon.ReloadAsync();

        Assert.That(ok, Is.False);
        await ReceiveAsync(d => d.StartsWith("RELOADING=1", StringComparison.Ordinal), "RELOADING=1");
        var ready = await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 after the refused reload");
        Assert.That(ready, Does.Contain("STATUS=last reload refused; VI_1 "));
    }

    [Test]
    public async Task Status_InstanceEntersFault_StatusLineFollows()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), environment: Environment());
        await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 at start");

        Reload.ReloadTestPlugin.Healthy[daemon.Counter] = false; // weight 0: VI_1 in Fault, and VI_2 with it (sync group)

        var status = await ReceiveAsync(d => d == "STATUS=VI_1 FAULT, VI_2 FAULT", "STATUS with both instances in FAULT");
        Assert.That(status, Is.EqualTo("STATUS=VI_1 FAULT, VI_2 FAULT"));
    }

    [Test]
    public async Task Stop_NotifySocket_Stopping()
    {
        var daemon = new DaemonFixture();
        await using (daemon)
        {
            await daemon.StartAsync(daemon.Config(), environment: Environment());
            await ReceiveAsync(d => d.StartsWith("READY=1", StringComparison.Ordinal), "READY=1 at start");
        }

        await ReceiveAsync(d => d == "STOPPING=1", "STOPPING=1");
    }

    [Test]
    public void FromEnvironment_AbstractName_SendsToAbstractSocket()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var name = "haapp-test-" + Guid.NewGuid().ToString("N");
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = Systemd.SystemdNotifier.FromEnvironment(n => n == "NOTIFY_SOCKET" ? "@" + name : null)!;

        Assert.That(notifier.Notify("READY=1"), Is.True);
        var buffer = new byte[64];
        listener.ReceiveTimeout = 5000;
        Assert.That(Encoding.UTF8.GetString(buffer, 0, listener.Receive(buffer)), Is.EqualTo("READY=1"));
    }

    [Test]
    public void FromEnvironment_NoNotifySocket_Null()
    {
        Assert.That(Systemd.SystemdNotifier.FromEnvironment(_ => null), Is.Null);
    }

    [Test]
    public void FromEnvironment_WatchdogPidOfAnotherProcess_NoWatchdog()
    {
        using var notifier = Systemd.SystemdNotifier.FromEnvironment(n => n switch
        {
            "NOTIFY_SOCKET" => "/run/none",
            "WATCHDOG_USEC" => "10000000",
            "WATCHDOG_PID" => "1",
            _ => null,
        })!;

        Assert.That(notifier.WatchdogInterval, Is.Null);
    }
}
