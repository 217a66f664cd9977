using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Linux.Announce;

/// <summary>
/// Puts announcement frames on the wire from one thread of its own: whoever announces (the VIP reconciler, right
/// after adding an instance's VIPs) hands the frames over and goes on. A takeover of 255 VIPs queues 1,275 gratuitous
/// ARPs; sent in line, they held each VIP add behind the previous instance's frames. Frames go out in the order they
/// were queued. A frame that fails is logged and counted, and the next one is sent; beyond <see cref="Capacity"/>
/// waiting frames, new ones are dropped and counted (the next burst repeats them).
/// </summary>
public sealed class AnnouncementQueue : IAnnouncementSender, IDisposable
{
    /// <summary>Frames that may wait: four bursts of five rounds for 255 IPv4 and 255 IPv6 VIPs.</summary>
    public const int Capacity = 10_240;

    private readonly IAnnouncementSender _inner;
    private readonly ILogger _logger;
    private readonly Channel<(bool Arp, string Device, IPAddress Address)> _frames =
        Channel.CreateBounded<(bool, string, IPAddress)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Thread _thread;
    private long _dropped;
    private long _failed;

    public AnnouncementQueue(IAnnouncementSender inner, ILogger? logger = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _logger = logger ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "haapp announce" };
        _thread.Start();
    }

    /// <summary>Frames dropped because <see cref="Capacity"/> were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames the sender failed to send.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void SendGratuitousArp(string device, IPAddress address) => Queue(true, device, address);

    public void SendUnsolicitedNeighbourAdvert(string device, IPAddress address) => Queue(false, device, address);

    private void Queue(bool arp, string device, IPAddress address)
    {
        if (!_frames.Writer.TryWrite((arp, device, address)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void Run()
    {
        var reader = _frames.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var frame))
            {
                try
                {
                    if (frame.Arp)
                    {
                        _inner.SendGratuitousArp(frame.Device, frame.Address);
                    }
                    else
                    {
                        _inner.SendUnsolicitedNeighbourAdvert(frame.Device, frame.Address);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref _failed);
                    _logger.SendFailed(frame.Device, frame.Address, e.Message, e);
                }
            }
        }
    }

    /// <summary>Stops taking frames; those already queued are sent first, for up to two seconds.</summary>
    public void Dispose()
    {
        _frames.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
