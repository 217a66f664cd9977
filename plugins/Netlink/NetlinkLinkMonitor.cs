using System.Buffers.Binary;
using System.Threading.Channels;
using HaAppliance.Abstractions;
using static HaAppliance.Plugins.Netlink.NetlinkConstants;

namespace HaAppliance.Plugins.Netlink;

/// <summary>
/// Watches interfaces through the RTNLGRP_LINK multicast group. Reports a link only when what VRRP cares about
/// changed (up, running, removed), not for every attribute update the kernel announces.
/// </summary>
public sealed class NetlinkLinkMonitor : ILinkStateSource
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The current state of every interface (RTM_GETLINK dump).</summary>
    public Task<IReadOnlyList<LinkState>> GetLinksAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var socket = RtNetlinkSocket.Open();
        return Task.FromResult(Dump(socket));
    }

    private static IReadOnlyList<LinkState> Dump(RtNetlinkSocket socket)
    {
        var request = new NetlinkMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, new byte[16]);
        var links = new List<LinkState>();
        foreach (var (type, body) in socket.Query(request, (e, m) => NetlinkErrors.Describe("list", "links", "all interfaces", e, m)))
        {
            if (Parse(type, body) is { } link)
            {
                links.Add(link);
            }
        }
        return links;
    }

    /// <summary>
    /// Subscribes (in the calling thread's network namespace, before the first await), then reports changes until
    /// cancelled. The blocking reads run on a dedicated thread; <paramref name="report"/> runs on the caller's side.
    /// </summary>
    public Task WatchAsync(Func<LinkState, ValueTask> report, CancellationToken cancellationToken)
    {
        var socket = RtNetlinkSocket.Open(RTNLGRP_LINK_MASK, PollTimeout);
        IReadOnlyList<LinkState> initial;
        try
        {
            initial = Dump(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return WatchLoop(socket, initial, report, cancellationToken);
    }

    private static async Task WatchLoop(RtNetlinkSocket socket, IReadOnlyList<LinkState> initial, Func<LinkState, ValueTask> report, CancellationToken cancellationToken)
    {
        var known = initial.ToDictionary(l => l.IfIndex);
        var channel = Channel.CreateUnbounded<LinkState>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = new Thread(() =>
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var (type, body) in socket.ReceiveNotifications())
                    {
                        if (Parse(type, body) is { } link)
                        {
                            channel.Writer.TryWrite(link);
                        }
                    }
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        })
        {
            IsBackground = true,
            Name = "netlink link monitor",
        };
        reader.Start();
        try
        {
            await foreach (var link in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (known.TryGetValue(link.IfIndex, out var before)
                    && before.AdministrativelyUp == link.AdministrativelyUp && before.Running == link.Running && before.Removed == link.Removed)
                {
                    continue;
                }
                known[link.IfIndex] = link;
                await report(link).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.Run(reader.Join, CancellationToken.None).ConfigureAwait(false);
            socket.Dispose();
        }
    }

    /// <summary>Reads RTM_NEWLINK / RTM_DELLINK (struct ifinfomsg then IFLA_* attributes).</summary>
    internal static LinkState? Parse(ushort type, byte[] body)
    {
        if ((type != RTM_NEWLINK && type != RTM_DELLINK) || body.Length < 16)
        {
            return null;
        }
        var index = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4));
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(8));
        var attributes = NetlinkMessage.ParseAttributes(body.AsSpan(16));
        var name = attributes.TryGetValue(IFLA_IFNAME, out var n) ? NetlinkMessage.ReadString(n) : $"if{index}";
        return new LinkState(index, name, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0, Removed: type == RTM_DELLINK);
    }
}
