namespace HaAppliance.Plugins.Netlink;

/// <summary>rtnetlink numbers from linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h.</summary>
internal static class NetlinkConstants
{
    public const int HeaderLength = 16; // struct nlmsghdr

    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;
    public const ushort NLM_F_CAPPED = 0x100; // on NLMSG_ERROR: the request was not echoed back
    public const ushort NLM_F_ACK_TLVS = 0x200; // on NLMSG_ERROR: extended-ack attributes follow

    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02;

    public const ushort IFLA_IFNAME = 3;

    public const ushort NLMSGERR_ATTR_MSG = 1;

    public const uint IFF_UP = 0x1;
    public const uint IFF_RUNNING = 0x40;

    public const uint RTNLGRP_LINK_MASK = 1; // 1 << (RTNLGRP_LINK - 1)

    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_SITE = 200;
    public const byte RT_SCOPE_LINK = 253;
    public const byte RT_SCOPE_HOST = 254;
    public const byte RT_SCOPE_NOWHERE = 255;

    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_UNSPEC = 0;
}
