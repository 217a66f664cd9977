using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using static HaAppliance.Linux.Interop.Interop;

namespace HaAppliance.Linux.Transport;

/// <summary>
/// One raw IP protocol 112 socket for one family. Sends with TTL / hop limit 255 (RFC 9568 §5.1.1.3, §5.1.2.3),
/// chooses the outgoing interface and source address per packet with IP_PKTINFO / IPV6_PKTINFO, and reports the
/// receiving interface, destination and TTL of every packet it receives.
/// </summary>
/// <remarks>
/// Two descriptors: one receives (waited on through .NET's epoll engine), one only sends (it drops what it would
/// receive). On one descriptor every advert sent would wake the epoll engine with an EPOLLOUT edge when its buffer
/// space came back: a thread wake-up and a hand-off per advert, thousands a second with hundreds of instances.
/// </remarks>
/// <remarks>
/// The descriptor is created in the calling thread's network namespace and stays there, so a socket opened on a
/// thread that called setns(2) serves that namespace from any thread afterwards.
/// </remarks>
public sealed class RawVrrpSocket : IVrrpSocket
{
    private const int MaxPacket = 65535;
    private readonly Socket _socket;
    private readonly nint _fd;
    private readonly nint _sendFd;
    private readonly byte[] _peek = new byte[1];
    // One reader per socket (the receive loop), so one buffer serves every packet; payloads are copied out.
    private readonly byte[] _receiveBuffer = new byte[MaxPacket];
    private readonly Dictionary<uint, IPAddress> _addresses = [];

    private RawVrrpSocket(IpFamily family, int fd, int sendFd)
    {
        Family = family;
        _fd = fd;
        _sendFd = sendFd;
        _socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    public IpFamily Family { get; }

    /// <summary>The receive buffer asked for: 4 MB, about 5,000 queued adverts (the kernel doubles it).</summary>
    public const int ReceiveBufferBytes = 4 << 20;

    /// <summary>Opens a socket; <paramref name="device"/> binds it to one interface (SO_BINDTODEVICE).</summary>
    public static RawVrrpSocket Open(IpFamily family, string? device = null)
    {
        var fd = OpenRawSocket(family == IpFamily.IPv4 ? AF_INET : AF_INET6, IPPROTO_VRRP);
        var sendFd = -1;
        RawVrrpSocket? socket = null;
        try
        {
            sendFd = OpenRawSocket(family == IpFamily.IPv4 ? AF_INET : AF_INET6, IPPROTO_VRRP);
            socket = new RawVrrpSocket(family, fd, sendFd);
            socket.Configure(device);
            return socket;
        }
        catch
        {
            if (socket is null)
            {
                Close(fd);
                if (sendFd >= 0)
                {
                    Close(sendFd);
                }
            }
            else
            {
                socket.Dispose();
            }
            throw;
        }
    }

    private void Configure(string? device)
    {
        // A reader held up for a moment (a GC, a busy machine) must lose no advert: 255 instances at 10 ms are 25,500
        // packets a second, and the default buffer (about 200 kB) holds some 270. The kernel doubles what is asked;
        // beyond net.core.rmem_max only with CAP_NET_ADMIN (SO_RCVBUFFORCE), else the capped SO_RCVBUF.
        SetBuffer(_fd, SO_RCVBUFFORCE, "SO_RCVBUFFORCE", SO_RCVBUF, "SO_RCVBUF", ReceiveBufferBytes);

        if (device is not null)
        {
            var name = Encoding.UTF8.GetBytes(device + "\0");
            SetBytes(_fd, SOL_SOCKET, SO_BINDTODEVICE, name, $"SO_BINDTODEVICE {device}");
            SetBytes(_sendFd, SOL_SOCKET, SO_BINDTODEVICE, name, $"SO_BINDTODEVICE {device}");
        }

        // The sending descriptor: 255 adverts due at once must fit its buffer (sends never block: MSG_DONTWAIT).
        AttachDropAllFilter(_sendFd);
        SetBuffer(_sendFd, SO_SNDBUFFORCE, "SO_SNDBUFFORCE", SO_SNDBUF, "SO_SNDBUF", SendBufferBytes);

        if (Family == IpFamily.IPv4)
        {
            SetInt(_sendFd, SOL_IP, IP_TTL, 255, "IP_TTL");
            SetInt(_sendFd, SOL_IP, IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
            // Our own adverts must not come back to us as if a peer sent them.
            SetInt(_sendFd, SOL_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            SetInt(_fd, SOL_IP, IP_PKTINFO, 1, "IP_PKTINFO");
        }
        else
        {
            SetInt(_sendFd, SOL_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            SetInt(_sendFd, SOL_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            SetInt(_sendFd, SOL_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            SetInt(_fd, SOL_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            SetInt(_fd, SOL_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
        }
    }

    /// <summary>A socket buffer size: forced past the sysctl cap with CAP_NET_ADMIN, else the capped option.</summary>
    private static void SetBuffer(nint fd, int forced, string forcedName, int capped, string cappedName, int bytes)
    {
        try
        {
            SetInt(fd, SOL_SOCKET, forced, bytes, forcedName);
        }
        catch (Interop.NativeCallException)
        {
            SetInt(fd, SOL_SOCKET, capped, bytes, cappedName);
        }
    }

    /// <summary>The send buffer asked for: 1 MB, every advert of 255 instances due in the same instant.</summary>
    public const int SendBufferBytes = 1 << 20;

    public void JoinGroup(int ifIndex, IPAddress? group = null) => Membership(ifIndex, group, join: true);

    public void LeaveGroup(int ifIndex, IPAddress? group = null) => Membership(ifIndex, group, join: false);

    private unsafe void Membership(int ifIndex, IPAddress? group, bool join)
    {
        group ??= VrrpMulticastGroups.For(Family);
        CheckFamily(group);
        if (Family == IpFamily.IPv4)
        {
            // struct ip_mreqn { in_addr multiaddr; in_addr address; int ifindex; }
            Span<byte> mreqn = stackalloc byte[12];
            mreqn.Clear();
            group.TryWriteBytes(mreqn[..4], out _);
            BinaryPrimitives.WriteInt32LittleEndian(mreqn[8..], ifIndex);
            SetBytes(_fd, SOL_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, mreqn, $"{(join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP")} {group} ifindex {ifIndex}");
        }
        else
        {
            // struct ipv6_mreq { in6_addr multiaddr; int ifindex; }
            Span<byte> mreq = stackalloc byte[20];
            group.TryWriteBytes(mreq[..16], out _);
            BinaryPrimitives.WriteInt32LittleEndian(mreq[16..], ifIndex);
            SetBytes(_fd, SOL_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, mreq, $"{(join ? "IPV6_ADD_MEMBERSHIP" : "IPV6_DROP_MEMBERSHIP")} {group} ifindex {ifIndex}");
        }
    }

    /// <summary>Sends a VRRP payload; the kernel adds the IP header with TTL / hop limit 255.</summary>
    public ValueTask SendAsync(int ifIndex, IPAddress destination, IPAddress? source, ReadOnlyMemory<byte> vrrp, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Send(ifIndex, destination, source, vrrp.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Raw datagram sends do not block for long: the send completes synchronously.</summary>
    public unsafe void Send(int ifIndex, IPAddress destination, IPAddress? source, ReadOnlySpan<byte> vrrp)
    {
        CheckFamily(destination);
        if (source is not null)
        {
            CheckFamily(source);
        }
        Span<byte> name = stackalloc byte[28];
        name.Clear();
        int nameLength;
        var pktInfoLength = Family == IpFamily.IPv4 ? 12 : 20;
        var controlLength = CMsgSpace(pktInfoLength);
        Span<byte> control = stackalloc byte[controlLength];
        control.Clear();
        var dataOffset = CMsgHeaderSize;
        if (Family == IpFamily.IPv4)
        {
            // sockaddr_in; the port field of a raw socket is ignored.
            BinaryPrimitives.WriteUInt16LittleEndian(name, AF_INET);
            destination.TryWriteBytes(name.Slice(4, 4), out _);
            nameLength = 16;
            // struct in_pktinfo { int ifindex; in_addr spec_dst; in_addr addr; }: spec_dst is the source we want.
            BinaryPrimitives.WriteInt32LittleEndian(control[dataOffset..], ifIndex);
            source?.TryWriteBytes(control.Slice(dataOffset + 4, 4), out _);
            WriteCMsgHeader(control, SOL_IP, IP_PKTINFO, pktInfoLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(name, AF_INET6);
            destination.TryWriteBytes(name.Slice(8, 16), out _);
            // Link-local destinations (ff02::12, fe80::...) need the scope: the outgoing interface.
            BinaryPrimitives.WriteUInt32LittleEndian(name[24..], (uint)ifIndex);
            nameLength = 28;
            // struct in6_pktinfo { in6_addr addr; unsigned ifindex; }: addr is the source we want.
            (source ?? IPAddress.IPv6Any).TryWriteBytes(control.Slice(dataOffset, 16), out _);
            BinaryPrimitives.WriteInt32LittleEndian(control[(dataOffset + 16)..], ifIndex);
            WriteCMsgHeader(control, SOL_IPV6, IPV6_PKTINFO, pktInfoLength);
        }

        fixed (byte* pName = name)
        fixed (byte* pControl = control)
        fixed (byte* pData = vrrp)
        {
            var iov = new IoVec { Base = pData, Len = (nuint)vrrp.Length };
            var msg = new MsgHdr
            {
                Name = pName,
                NameLen = (uint)nameLength,
                Iov = &iov,
                IovLen = 1,
                Control = pControl,
                ControlLen = (nuint)controlLength,
            };
            // The context is formatted only on failure: a send in the advert path allocates nothing.
            var sent = SendMsg(_sendFd, &msg, MSG_DONTWAIT);
            if (sent < 0)
            {
                Check(sent, "sendmsg", $"VRRP to {destination} via ifindex {ifIndex}");
            }
        }
    }

    private static void WriteCMsgHeader(Span<byte> control, int level, int type, int dataLength)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(control, (ulong)CMsgLen(dataLength));
        BinaryPrimitives.WriteInt32LittleEndian(control[8..], level);
        BinaryPrimitives.WriteInt32LittleEndian(control[12..], type);
    }

    /// <summary>Waits for and returns the next packet. Malformed IPv4 headers are skipped. One reader at a time per socket.</summary>
    public async ValueTask<ReceivedPacket> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // What is queued already is read at once (a drain: one recvmsg per packet); only on an empty queue wait
            // for readiness through .NET's epoll engine without consuming the datagram, then read it with recvmsg
            // to get the ancillary data .NET does not expose (IPv6 hop limit).
            cancellationToken.ThrowIfCancellationRequested();
            if (TryReceive() is { } queued)
            {
                return queued;
            }

            await _socket.ReceiveAsync(_peek, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ReceivedPacket> ReceiveAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ReceivedPacket packet;
            try
            {
                packet = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            catch (ObjectDisposedException)
            {
                yield break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                yield break; // disposed while waiting
            }
            yield return packet; // ReceiveAsync reads what is queued before it waits: a drain, no round trip each
        }
    }

    /// <summary>Reads one datagram without blocking; null when none is waiting or it is not a usable packet.</summary>
    internal unsafe ReceivedPacket? TryReceive()
    {
        var buffer = _receiveBuffer;
        Span<byte> name = stackalloc byte[28];
        const int controlLength = 256;
        Span<byte> control = stackalloc byte[controlLength];
        nint received;
        int controlUsed;
        fixed (byte* pName = name)
        fixed (byte* pControl = control)
        fixed (byte* pData = buffer)
        {
            var iov = new IoVec { Base = pData, Len = (nuint)buffer.Length };
            var msg = new MsgHdr
            {
                Name = pName,
                NameLen = 28,
                Iov = &iov,
                IovLen = 1,
                Control = pControl,
                ControlLen = controlLength,
            };
            received = RecvMsg(_fd, &msg, MSG_DONTWAIT);
            if (received < 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno is Interop.Interop.Errno.EAGAIN or Interop.Interop.Errno.EINTR)
                {
                    return null;
                }
                throw new Interop.NativeCallException("recvmsg", errno);
            }
            controlUsed = (int)msg.ControlLen;
        }
        return Family == IpFamily.IPv4
            ? ParseIPv4(buffer.AsSpan(0, (int)received), control[..controlUsed])
            : ParseIPv6(buffer.AsSpan(0, (int)received), name, control[..controlUsed]);
    }

    private ReceivedPacket? ParseIPv4(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> control)
    {
        // An IPv4 raw socket delivers the IP header: TTL, source and destination come from there, read by the
        // codec's own parser (options skipped by IHL, payload bounded by the total length).
        if (IpPacket.TryParse(datagram, out var ip) != IpParseStatus.Ok || ip.Family != IpFamily.IPv4)
        {
            return null;
        }
        var ifIndex = 0;
        for (var messages = new ControlMessages(control); messages.Next(out var level, out var type, out var data);)
        {
            if (level == SOL_IP && type == IP_PKTINFO && data.Length >= 12)
            {
                ifIndex = BinaryPrimitives.ReadInt32LittleEndian(data);
            }
        }
        return new ReceivedPacket(ifIndex, IpFamily.IPv4, Address(ip.Source), Address(ip.Destination), ip.Ttl, ip.Payload.ToArray());
    }

    /// <summary>
    /// The IPv4 address object for these bytes, one per address seen (a peer sends thousands of adverts a second from
    /// one address); the reader's own, so unshared between threads. Forgotten all at once past 4,096 addresses.
    /// </summary>
    private IPAddress Address(ReadOnlySpan<byte> bytes)
    {
        var key = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (!_addresses.TryGetValue(key, out var address))
        {
            if (_addresses.Count >= 4096)
            {
                _addresses.Clear();
            }
            _addresses[key] = address = new IPAddress(bytes);
        }
        return address;
    }

    private static ReceivedPacket ParseIPv6(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control)
    {
        // IPv6 raw sockets never deliver the header (RFC 3542 §3): the rest comes from ancillary data.
        var source = new IPAddress(name.Slice(8, 16));
        IPAddress? destination = null;
        var ifIndex = 0;
        var hopLimit = -1;
        for (var messages = new ControlMessages(control); messages.Next(out var level, out var type, out var data);)
        {
            if (level != SOL_IPV6)
            {
                continue;
            }
            if (type == IPV6_PKTINFO && data.Length >= 20)
            {
                destination = new IPAddress(data[..16]);
                ifIndex = BinaryPrimitives.ReadInt32LittleEndian(data[16..]);
            }
            else if (type == IPV6_HOPLIMIT && data.Length >= 4)
            {
                hopLimit = BinaryPrimitives.ReadInt32LittleEndian(data);
            }
        }
        if (source.IsIPv6LinkLocal && ifIndex != 0)
        {
            source.ScopeId = ifIndex;
        }
        return new ReceivedPacket(ifIndex, IpFamily.IPv6, source, destination ?? IPAddress.IPv6None, hopLimit, datagram.ToArray());
    }

    /// <summary>The ancillary messages of one recvmsg, read in place (struct cmsghdr, LP64), nothing allocated.</summary>
    private ref struct ControlMessages(ReadOnlySpan<byte> control)
    {
        private readonly ReadOnlySpan<byte> _control = control;
        private int _offset;

        public bool Next(out int level, out int type, out ReadOnlySpan<byte> data)
        {
            level = type = 0;
            data = default;
            var header = CMsgHeaderSize;
            if (_offset + header > _control.Length)
            {
                return false;
            }
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(_control[_offset..]);
            if (length < header || _offset + length > _control.Length)
            {
                return false;
            }
            level = BinaryPrimitives.ReadInt32LittleEndian(_control[(_offset + 8)..]);
            type = BinaryPrimitives.ReadInt32LittleEndian(_control[(_offset + 12)..]);
            data = _control.Slice(_offset + header, length - header);
            _offset += CMsgAlign(length);
            return true;
        }
    }

    private void CheckFamily(IPAddress address)
    {
        var expected = Family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (address.AddressFamily != expected)
        {
            throw new ArgumentException($"Address {address} is not {Family}.", nameof(address));
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        Close((int)_sendFd);
    }
}
