using System.Net;
using HaAppliance.Linux.Announce;

namespace HaAppliance.Linux.Tests.Announce;

/// <summary>The announcement thread: callers never wait for the sender; frames go out in order; failures are contained.</summary>
public sealed class AnnouncementQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Send_SenderStuck_CallerReturnsAndFramesGoOutInOrderOnceItMovesOn()
    {
        var sender = new GatedSender();
        using var queue = new AnnouncementQueue(sender);

        // 1,275 frames (255 VIPs, 5 rounds) while the sender cannot send: the caller must not wait for it.
        var queueing = Task.Run(() =>
        {
            for (var i = 0; i < 1_275; i++)
            {
                queue.SendGratuitousArp("eth0", Address(i % 255));
            }
        });
        await queueing.WaitAsync(Patience);
        Assert.That(sender.Sent, Has.Count.LessThanOrEqualTo(1), "at most the first frame reached the stuck sender");

        sender.Open();
        await sender.WaitForAsync(1_275).WaitAsync(Patience);

        Assert.That(sender.Sent.Select(s => s.Address), Is.EqualTo(Enumerable.Range(0, 1_275).Select(i => Address(i % 255))));
        Assert.That(queue.Dropped, Is.Zero);
    }

    [Test]
    public async Task Send_SenderThrowsForOneFrame_CountedAndTheNextFramesStillSent()
    {
        var sender = new GatedSender { FailFor = Address(1) };
        sender.Open();
        using var queue = new AnnouncementQueue(sender);

        queue.SendGratuitousArp("eth0", Address(0));
        queue.SendGratuitousArp("eth0", Address(1));
        queue.SendUnsolicitedNeighbourAdvert("eth0", IPAddress.Parse("2001:db8::1"));
        await sender.WaitForAsync(2).WaitAsync(Patience);

        Assert.That(sender.Sent, Is.EqualTo(new[] { (true, Address(0)), (false, IPAddress.Parse("2001:db8::1")) }));
        Assert.That(queue.Failed, Is.EqualTo(1));
    }

    private static IPAddress Address(int i) => new([10, 200, 0, (byte)i]);

    private sealed class GatedSender : IAnnouncementSender
    {
        private readonly ManualResetEventSlim _gate = new();
        private readonly List<(bool Arp, IPAddress Address)> _sent = [];

        public IPAddress? FailFor { get; init; }

        public IReadOnlyList<(bool Arp, IPAddress Address)> Sent
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        public void Open() => _gate.Set();

        public async Task WaitForAsync(int count)
        {
            while (Sent.Count < count)
            {
                await Task.Delay(10);
            }
        }

        public void SendGratuitousArp(string device, IPAddress address) => Record(true, address);

        public void SendUnsolicitedNeighbourAdvert(string device, IPAddress address) => Record(false, address);

        private void Record(bool arp, IPAddress address)
        {
            _gate.Wait();
            if (address.Equals(FailFor))
            {
                throw new InvalidOperationException("libpcap: send failed");
            }

            lock (_sent)
            {
                _sent.Add((arp, address));
            }
        }
    }
}
