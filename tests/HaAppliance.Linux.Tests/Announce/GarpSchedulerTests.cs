using System.Net;
using HaAppliance.Linux.Announce;
using HaAppliance.Kernel;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Linux.Tests.Announce;

[TestFixture]
public sealed class GarpSchedulerTests
{
    private static readonly IPAddress Vip1 = IPAddress.Parse("192.0.2.100");
    private static readonly IPAddress Vip2 = IPAddress.Parse("192.0.2.101");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8::100");

    private FakeTimeProvider _time = null!;
    private RecordingSender _sender = null!;
    private ListLogger<GarpScheduler> _log = null!;
    private GarpScheduler _scheduler = null!;
    private DateTimeOffset _start;

    [SetUp]
    public void Create()
    {
        _time = new FakeTimeProvider();
        _start = _time.GetUtcNow();
        _sender = new RecordingSender(_time);
        _log = new ListLogger<GarpScheduler>();
        _scheduler = new GarpScheduler(_sender, _time, _log);
    }

    [TearDown]
    public void Dispose() => _scheduler.Dispose();

    private static GarpSchedule Config(int repeat = 5, double delaySeconds = 5, double refreshSeconds = 0, int refreshRepeat = 1, double intervalMs = 0, double naIntervalMs = 0, int? lowerPrio = 0) => new()
    {
        MasterRepeat = repeat,
        MasterDelay = TimeSpan.FromSeconds(delaySeconds),
        MasterRefresh = TimeSpan.FromSeconds(refreshSeconds),
        MasterRefreshRepeat = refreshRepeat,
        Interval = TimeSpan.FromMilliseconds(intervalMs),
        NaInterval = TimeSpan.FromMilliseconds(naIntervalMs),
        LowerPrioRepeat = lowerPrio,
    };

    /// <summary>
    /// Moves the fake clock in 10 ms steps: FakeTimeProvider fires due timers with the clock already at the end of one
    /// Advance, so small steps let each timer see (nearly) its own due time.
    /// </summary>
    private void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var done = TimeSpan.Zero; done < by; done += step)
        {
            _time.Advance(step);
        }
    }

    private TimeSpan[] SendTimes() => _sender.Sent.Select(s => s.At - _start).ToArray();

    [Test]
    public void BecameMaster_Defaults_SendsRepeatNowAndAgainAfterMasterDelayOnly()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 5, delaySeconds: 5));
        Advance(TimeSpan.FromMinutes(2));

        var expected = Enumerable.Repeat(TimeSpan.Zero, 5).Concat(Enumerable.Repeat(TimeSpan.FromSeconds(5), 5));
        Assert.That(SendTimes(), Is.EqualTo(expected));
    }

    [Test]
    public void BecameMaster_MasterDelayZero_SendsOnlyFirstBurst()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 3, delaySeconds: 0));
        Advance(TimeSpan.FromMinutes(2));

        Assert.That(_sender.Sent, Has.Count.EqualTo(3));
    }

    [Test]
    public void BecameMaster_TwoVipsWithInterval_InterleavesAndSpacesFrames()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1, Vip2], Config(repeat: 2, delaySeconds: 0, intervalMs: 100));
        Advance(TimeSpan.FromSeconds(1));

        Assert.That(_sender.Sent.Select(s => s.Address), Is.EqualTo(new[] { Vip1, Vip2, Vip1, Vip2 }));
        Assert.That(SendTimes(), Is.EqualTo(new[] { 0, 100, 200, 300 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
    }

    [Test]
    public void BecameMaster_TwoInstancesSameInterface_ShareTheIntervalQueue()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 1, delaySeconds: 0, intervalMs: 50));
        _scheduler.BecameMaster("VI_2", "eth0", [Vip2], Config(repeat: 1, delaySeconds: 0, intervalMs: 50));
        Advance(TimeSpan.FromSeconds(1));

        Assert.That(SendTimes(), Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(50) }));
    }

    [Test]
    public void BecameMaster_Refresh_SendsRefreshRepeatEveryPeriodUntilLeftMaster()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 1, delaySeconds: 0, refreshSeconds: 10, refreshRepeat: 2));
        Advance(TimeSpan.FromSeconds(25));
        _scheduler.LeftMaster("VI_1");
        Advance(TimeSpan.FromMinutes(1));

        Assert.That(SendTimes(), Is.EqualTo(new[] { 0, 10, 10, 20, 20 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public void LeftMaster_BeforeMasterDelay_CancelsSecondBurstAndQueuedFrames()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 3, delaySeconds: 5, intervalMs: 1000));
        Advance(TimeSpan.FromMilliseconds(1500));
        _scheduler.LeftMaster("VI_1");
        Advance(TimeSpan.FromMinutes(1));

        Assert.That(SendTimes(), Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1) }));
        Assert.That(_scheduler.Masters, Is.Empty);
    }

    [Test]
    public void BecameMaster_IPv6Vip_SendsNeighbourAdvertsSpacedByNaInterval()
    {
        _scheduler.BecameMaster("VI_6", "eth0", [Vip6, Vip1], Config(repeat: 2, delaySeconds: 0, intervalMs: 0, naIntervalMs: 200));
        Advance(TimeSpan.FromSeconds(1));

        var na = _sender.Sent.Where(s => s.Kind == "NA").Select(s => s.At - _start);
        var arp = _sender.Sent.Where(s => s.Kind == "ARP").Select(s => s.At - _start);
        Assert.That(na, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(200) }));
        Assert.That(arp, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero }));
    }

    [Test]
    public void LowerPriorityAdvertReceived_WhileMaster_SendsLowerPrioRepeat()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 1, delaySeconds: 0, lowerPrio: 3));
        Advance(TimeSpan.FromSeconds(1));

        _scheduler.LowerPriorityAdvertReceived("VI_1");
        _scheduler.LowerPriorityAdvertReceived("VI_9");

        Assert.That(_sender.Sent, Has.Count.EqualTo(4));
    }

    [Test]
    public void LowerPriorityAdvertReceived_DefaultSettings_MasterRepeatNowAndAgainAfterMasterDelay()
    {
        // keepalived: garp_lower_prio_repeat / _delay default to garp_master_repeat / _delay, and both bursts go out.
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], new GarpSchedule { MasterRepeat = 2, MasterDelay = TimeSpan.FromSeconds(3) });
        Advance(TimeSpan.FromSeconds(4));
        Assert.That(_sender.Sent, Has.Count.EqualTo(4), "the master bursts");

        _scheduler.LowerPriorityAdvertReceived("VI_1");
        Assert.That(_sender.Sent, Has.Count.EqualTo(6), "a burst at once");
        Advance(TimeSpan.FromSeconds(2));
        Assert.That(_sender.Sent, Has.Count.EqualTo(6));
        Advance(TimeSpan.FromSeconds(1.5));
        Assert.That(_sender.Sent, Has.Count.EqualTo(8), "and another after the delay");
    }

    [Test]
    public void LowerPriorityAdvertReceived_ExplicitRepeatAndDelay_AreUsed()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 1, delaySeconds: 0) with { LowerPrioRepeat = 3, LowerPrioDelay = TimeSpan.FromSeconds(1) });
        _scheduler.LowerPriorityAdvertReceived("VI_1");
        Advance(TimeSpan.FromSeconds(1.5));

        Assert.That(_sender.Sent, Has.Count.EqualTo(1 + 3 + 3));

        _scheduler.LeftMaster("VI_1");
        _scheduler.LowerPriorityAdvertReceived("VI_1");
        Assert.That(_sender.Sent, Has.Count.EqualTo(7), "nothing once no longer master");
    }

    [Test]
    public void LowerPriorityAdvertReceived_AFloodWithinOneSecond_OneBurstThenAnotherAfterTheQuietTime()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1], Config(repeat: 1, delaySeconds: 0, lowerPrio: 3));
        Advance(TimeSpan.FromSeconds(1));
        var before = _sender.Sent.Count;

        // A flood: a lower-priority advert every 10 ms for just under a second.
        for (var i = 0; i < 99; i++)
        {
            _scheduler.LowerPriorityAdvertReceived("VI_1");
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(_sender.Sent.Count - before, Is.EqualTo(3), "one burst of garp_lower_prio_repeat frames");
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _scheduler.LowerPriorityAdvertReceived("VI_1");
        Assert.That(_sender.Sent.Count - before, Is.EqualTo(6), "the next burst once the quiet time is over");
    }

    [Test]
    public void BecameMaster_Logs_KeepalivedPhrases()
    {
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1, Vip6], Config(repeat: 1, delaySeconds: 0));

        Assert.That(_log.Messages, Is.EqualTo(new[]
        {
            "(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.0.2.100",
            "(VI_1) Sending/queueing Unsolicited Neighbour Adverts on eth0 for 2001:db8::100",
            "Sending gratuitous ARP on eth0 for 192.0.2.100",
            "Sending unsolicited Neighbour Advert on eth0 for 2001:db8::100",
        }));
    }

    [Test]
    public void BecameMaster_SenderFails_LogsAndKeepsSending()
    {
        _sender.FailOn = Vip1;
        _scheduler.BecameMaster("VI_1", "eth0", [Vip1, Vip2], Config(repeat: 2, delaySeconds: 0));

        Assert.That(_sender.Sent.Select(s => s.Address), Is.EqualTo(new[] { Vip2, Vip2 }));
        Assert.That(_log.Messages.Count(l => l.StartsWith("Failed to send announcement on eth0 for 192.0.2.100", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void BecameMaster_OneAddressFails_OnlySentAnnouncementsCounted()
    {
        _sender.FailOn = Vip1;

        _scheduler.BecameMaster("VI_1", "eth0", [Vip1, Vip2, Vip6], Config(repeat: 2, delaySeconds: 0));

        // For the metrics (haapp_announcements_sent_total): what went out, per family.
        Assert.That(_scheduler.GratuitousArpsSent, Is.EqualTo(2));
        Assert.That(_scheduler.NeighbourAdvertsSent, Is.EqualTo(2));
    }

    private sealed class RecordingSender(TimeProvider time) : IAnnouncementSender
    {
        public List<(DateTimeOffset At, string Kind, string Device, IPAddress Address)> Sent { get; } = [];

        public IPAddress? FailOn { get; set; }

        public void SendGratuitousArp(string device, IPAddress address) => Record("ARP", device, address);

        public void SendUnsolicitedNeighbourAdvert(string device, IPAddress address) => Record("NA", device, address);

        private void Record(string kind, string device, IPAddress address)
        {
            if (address.Equals(FailOn))
            {
                throw new IOException("link is down");
            }
            Sent.Add((time.GetUtcNow(), kind, device, address));
        }
    }
}
