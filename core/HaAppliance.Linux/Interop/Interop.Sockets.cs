using System.Runtime.InteropServices;

namespace HaAppliance.Linux.Interop;

internal static partial class Interop
{
    // Linux constants (x86_64 and arm64 share them): sys/socket.h, netinet/in.h, linux/in6.h.
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int IPPROTO_VRRP = 112;

    internal const int SOL_SOCKET = 1;
    internal const int SO_RCVBUF = 8;
    internal const int SO_RCVBUFFORCE = 33;
    internal const int SO_SNDBUF = 7;
    internal const int SO_SNDBUFFORCE = 32;
    internal const int SO_ATTACH_FILTER = 26;
    internal const int SO_BINDTODEVICE = 25;

    internal const int SOL_IP = 0;
    internal const int IP_TTL = 2;
    internal const int IP_PKTINFO = 8;
    internal const int IP_MULTICAST_IF = 32;
    internal const int IP_MULTICAST_TTL = 33;
    internal const int IP_MULTICAST_LOOP = 34;
    internal const int IP_ADD_MEMBERSHIP = 35;
    internal const int IP_DROP_MEMBERSHIP = 36;

    internal const int SOL_IPV6 = 41;
    internal const int IPV6_UNICAST_HOPS = 16;
    internal const int IPV6_MULTICAST_IF = 17;
    internal const int IPV6_MULTICAST_HOPS = 18;
    internal const int IPV6_MULTICAST_LOOP = 19;
    internal const int IPV6_ADD_MEMBERSHIP = 20;
    internal const int IPV6_DROP_MEMBERSHIP = 21;
    internal const int IPV6_V6ONLY = 26;
    internal const int IPV6_RECVPKTINFO = 49;
    internal const int IPV6_PKTINFO = 50;
    internal const int IPV6_RECVHOPLIMIT = 51;
    internal const int IPV6_HOPLIMIT = 52;

    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_TRUNC = 0x20;

    /// <summary>struct msghdr (LP64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLen;
        public IoVec* Iov;
        public nuint IovLen;
        public void* Control;
        public nuint ControlLen;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct IoVec
    {
        public void* Base;
        public nuint Len;
    }

    /// <summary>struct cmsghdr header; data follows, aligned to sizeof(size_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CMsgHdr
    {
        public nuint Len;
        public int Level;
        public int Type;
    }

    internal static int CMsgAlign(int length) => (length + IntPtr.Size - 1) & ~(IntPtr.Size - 1);

    internal static unsafe int CMsgHeaderSize => CMsgAlign(sizeof(CMsgHdr));

    internal static int CMsgSpace(int dataLength) => CMsgHeaderSize + CMsgAlign(dataLength);

    internal static int CMsgLen(int dataLength) => CMsgHeaderSize + dataLength;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(nint fd, void* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(nint fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    internal static unsafe partial nint SendMsg(nint fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    internal static unsafe partial nint RecvMsg(nint fd, MsgHdr* message, int flags);

    /// <summary>Creates a raw socket descriptor; .NET refuses raw sockets for protocol 112 itself.</summary>
    internal static int OpenRawSocket(int family, int protocol)
    {
        return Check(Socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol), "socket(SOCK_RAW)", $"family {family}, protocol {protocol}");
    }

    internal static unsafe void SetInt(nint fd, int level, int name, int value, string what)
    {
        Check(SetSockOpt(fd, level, name, &value, sizeof(int)), $"setsockopt({what})", $"value {value}");
    }

    /// <summary>Attaches a classic BPF program that drops every packet: a socket that only sends queues nothing.</summary>
    internal static unsafe void AttachDropAllFilter(nint fd)
    {
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } = BPF_RET | BPF_K, k = 0 (keep no bytes).
        ulong dropAll = 0x06;
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (LP64: pointer at offset 8).
        var program = stackalloc nint[2];
        program[0] = 1;
        program[1] = (nint)(&dropAll);
        Check(SetSockOpt(fd, SOL_SOCKET, SO_ATTACH_FILTER, program, (uint)(2 * sizeof(nint))), "setsockopt(SO_ATTACH_FILTER)", "drop all");
    }

    internal static unsafe void SetBytes(nint fd, int level, int name, ReadOnlySpan<byte> value, string what)
    {
        fixed (byte* p = value)
        {
            Check(SetSockOpt(fd, level, name, p, (uint)value.Length), $"setsockopt({what})");
        }
    }
}
