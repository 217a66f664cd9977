using System.Buffers.Binary;
using static HaAppliance.Plugins.Netlink.Interop.Interop;
using static HaAppliance.Plugins.Netlink.NetlinkConstants;

namespace HaAppliance.Plugins.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket. Requests carry NLM_F_ACK and wait for the kernel's answer, so every change is confirmed
/// or fails with the kernel's errno. The socket belongs to the network namespace of the thread that opened it.
/// </summary>
internal sealed class RtNetlinkSocket : IDisposable
{
    private readonly int _fd;
    private readonly Lock _lock = new();
    private uint _sequence = (uint)Environment.TickCount;
    private bool _disposed;

    private RtNetlinkSocket(int fd) => _fd = fd;

    /// <summary>Opens a socket; <paramref name="groups"/> subscribes to multicast groups (RTNLGRP_* bit mask).</summary>
    public static unsafe RtNetlinkSocket Open(uint groups = 0, TimeSpan? receiveTimeout = null)
    {
        var fd = Check(Socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)");
        try
        {
            // struct sockaddr_nl { sa_family_t family; unsigned short pad; u32 pid; u32 groups; }; pid 0: kernel assigns.
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(address, 2), AF_NETLINK);
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(address + 8, 4), groups);
            Check(Bind(fd, address, 12), "bind(AF_NETLINK)");
            // Extended ack: the kernel explains EINVAL and friends in words (Linux 4.12+); harmless if refused.
            var one = 1;
            _ = SetSockOpt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(int));
            var timeout = receiveTimeout ?? TimeSpan.FromSeconds(5);
            var timeval = stackalloc long[2];
            timeval[0] = (long)timeout.TotalSeconds;
            timeval[1] = timeout.Microseconds + (timeout.Milliseconds * 1000L);
            Check(SetSockOpt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16), "setsockopt(SO_RCVTIMEO)");
            return new RtNetlinkSocket(fd);
        }
        catch
        {
            Close(fd);
            throw;
        }
    }

    /// <summary>Sends a request with NLM_F_ACK and waits for the kernel's ack; a negative ack throws with its errno.</summary>
    public void Request(NetlinkMessage message, Func<int, string?, string> describeError) => Query(message, describeError);

    /// <summary>
    /// Sends a request and returns every reply message (type, body) up to the ack or the end of the dump: a dump
    /// (NLM_F_DUMP) ends with NLMSG_DONE, anything else must carry NLM_F_ACK and ends with the ack.
    /// </summary>
    public List<(ushort Type, byte[] Body)> Query(NetlinkMessage message, Func<int, string?, string> describeError)
    {
        lock (_lock)
        {
            var sequence = ++_sequence;
            SendLocked(message.ToArray(sequence));
            var replies = new List<(ushort, byte[])>();
            foreach (var (type, _, body) in ReceiveLocked(sequence, describeError))
            {
                if (type != NLMSG_ERROR && type != NLMSG_DONE)
                {
                    replies.Add((type, body));
                }
            }
            return replies;
        }
    }

    /// <summary>Blocks until a multicast notification arrives (or the receive timeout passes: empty list).</summary>
    public List<(ushort Type, byte[] Body)> ReceiveNotifications()
    {
        var buffer = new byte[65536];
        var length = RecvRaw(buffer);
        var result = new List<(ushort, byte[])>();
        if (length <= 0)
        {
            return result;
        }
        foreach (var (type, _, _, body) in Split(buffer.AsSpan(0, length)))
        {
            result.Add((type, body));
        }
        return result;
    }

    private unsafe void SendLocked(byte[] bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* p = bytes)
        {
            var sent = Interop.Interop.Send(_fd, p, (nuint)bytes.Length, 0);
            if (sent < 0)
            {
                Check(-1, "send(netlink)");
            }
        }
    }

    private unsafe int RecvRaw(byte[] buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* p = buffer)
        {
            var n = Recv(_fd, p, (nuint)buffer.Length, 0);
            if (n < 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno is EAGAIN or EINTR)
                {
                    return -1;
                }
                Check(-1, "recv(netlink)");
            }
            return (int)n;
        }
    }

    private IEnumerable<(ushort Type, ushort Flags, byte[] Body)> ReceiveLocked(uint sequence, Func<int, string?, string> describeError)
    {
        var buffer = new byte[65536];
        while (true)
        {
            var length = RecvRaw(buffer);
            if (length < 0)
            {
                throw new NetlinkException(EAGAIN, "netlink: no answer from the kernel within the timeout");
            }
            var done = false;
            foreach (var (type, flags, seq, body) in Split(buffer.AsSpan(0, length)))
            {
                if (seq != sequence)
                {
                    continue; // a stale answer to an earlier, timed-out request
                }
                if (type == NLMSG_ERROR)
                {
                    var error = -BinaryPrimitives.ReadInt32LittleEndian(body);
                    if (error != 0)
                    {
                        throw new NetlinkException(error, describeError(error, ExtendedAckMessage(flags, body)));
                    }
                    done = true;
                }
                else if (type == NLMSG_DONE)
                {
                    // The end of a dump (dumps are not acked); a single get asks for an ack that ends it.
                    done = true;
                }
                yield return (type, flags, body);
            }
            if (done)
            {
                yield break;
            }
        }
    }

    /// <summary>NLMSGERR_ATTR_MSG from an extended ack: the kernel's own explanation, if it gave one.</summary>
    private static string? ExtendedAckMessage(ushort flags, byte[] body)
    {
        if ((flags & NLM_F_ACK_TLVS) == 0 || body.Length < 4 + HeaderLength)
        {
            return null;
        }
        var echoedLength = (flags & NLM_F_CAPPED) != 0 ? HeaderLength : (int)BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4));
        var offset = 4 + NetlinkMessage.Align(echoedLength);
        if (offset > body.Length)
        {
            return null;
        }
        var attributes = NetlinkMessage.ParseAttributes(body.AsSpan(offset));
        return attributes.TryGetValue(NLMSGERR_ATTR_MSG, out var msg) ? NetlinkMessage.ReadString(msg) : null;
    }

    private static List<(ushort Type, ushort Flags, uint Sequence, byte[] Body)> Split(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<(ushort, ushort, uint, byte[])>();
        var offset = 0;
        while (offset + HeaderLength <= datagram.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram[offset..]);
            if (length < HeaderLength || offset + length > datagram.Length)
            {
                break;
            }
            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[(offset + 4)..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[(offset + 6)..]);
            var seq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[(offset + 8)..]);
            messages.Add((type, flags, seq, datagram.Slice(offset + HeaderLength, length - HeaderLength).ToArray()));
            offset += NetlinkMessage.Align(length);
        }
        return messages;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                Close(_fd);
            }
        }
    }
}
