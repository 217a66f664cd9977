using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PacketDotNet;

namespace HaAppliance.Linux.Announce;

/// <summary>Builds the link-layer frames that tell a LAN where a virtual address now lives.</summary>
public static class AnnouncementFrames
{
    private const int MinimumEthernetFrame = 60; // without FCS

    private static readonly PhysicalAddress Broadcast = PhysicalAddress.Parse("FF-FF-FF-FF-FF-FF");

    /// <summary>ff02::1, all nodes: where an unsolicited NA goes (RFC 4861 §7.2.6).</summary>
    public static IPAddress AllNodes { get; } = IPAddress.Parse("ff02::1");

    /// <summary>
    /// A gratuitous ARP: an ARP request whose sender and target protocol address are both the VIP
    /// (RFC 5227 §3 "ARP Announcement"), broadcast, so every host refreshes its cache entry for the VIP.
    /// </summary>
    public static byte[] GratuitousArp(PhysicalAddress mac, IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"Gratuitous ARP needs an IPv4 address, not {address}.", nameof(address));
        }
        var arp = new ArpPacket(ArpOperation.Request, Broadcast, address, mac, address);
        var ethernet = new EthernetPacket(mac, Broadcast, EthernetType.Arp) { PayloadPacket = arp };
        return Pad(ethernet.Bytes);
    }

    /// <summary>
    /// An unsolicited neighbour advertisement (RFC 4861 §4.4, §7.2.6): ICMPv6 type 136 with the Override flag and a
    /// target link-layer address option, to all nodes, hop limit 255 (receivers drop anything else).
    /// </summary>
    public static byte[] UnsolicitedNeighbourAdvert(PhysicalAddress mac, IPAddress source, IPAddress target)
    {
        if (target.AddressFamily != AddressFamily.InterNetworkV6 || source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"A neighbour advertisement needs IPv6 addresses, not {source} → {target}.", nameof(target));
        }
        var icmp = NeighbourAdvertMessage(mac, source, AllNodes, target);
        var ipv6 = new IPv6Packet(Unscoped(source), AllNodes)
        {
            HopLimit = 255,
            NextHeader = PacketDotNet.ProtocolType.IcmpV6,
            PayloadData = icmp,
        };
        ipv6.PayloadLength = (ushort)icmp.Length;
        // 33:33 + low 32 bits of the group (RFC 2464 §7).
        var multicastMac = new PhysicalAddress([0x33, 0x33, 0, 0, 0, 1]);
        var ethernet = new EthernetPacket(mac, multicastMac, EthernetType.IPv6) { PayloadPacket = ipv6 };
        return Pad(ethernet.Bytes);
    }

    /// <summary>The ICMPv6 message with its checksum over the IPv6 pseudo-header (RFC 4443 §2.3).</summary>
    internal static byte[] NeighbourAdvertMessage(PhysicalAddress mac, IPAddress source, IPAddress destination, IPAddress target)
    {
        var message = new byte[32];
        message[0] = 136; // Neighbor Advertisement
        message[1] = 0;
        // Flags: R=0 (a VIP host need not be a router), S=0 (unsolicited), O=1 (replace cached link-layer addresses).
        message[4] = 0x20;
        Unscoped(target).TryWriteBytes(message.AsSpan(8, 16), out _);
        message[24] = 2; // option: Target Link-Layer Address
        message[25] = 1; // length in units of 8 octets
        mac.GetAddressBytes().CopyTo(message, 26);
        var checksum = Icmpv6Checksum(Unscoped(source), destination, message);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), checksum);
        return message;
    }

    /// <summary>The ICMPv6 checksum of <paramref name="message"/> (its checksum field zero) over the IPv6 pseudo-header.</summary>
    public static ushort Icmpv6Checksum(IPAddress source, IPAddress destination, ReadOnlySpan<byte> message)
    {
        ulong sum = 0;
        Span<byte> pseudo = stackalloc byte[40];
        pseudo.Clear();
        source.TryWriteBytes(pseudo[..16], out _);
        destination.TryWriteBytes(pseudo.Slice(16, 16), out _);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[32..], (uint)message.Length);
        pseudo[39] = 58; // next header: ICMPv6
        sum = Add(sum, pseudo);
        sum = Add(sum, message);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;

        static ulong Add(ulong sum, ReadOnlySpan<byte> data)
        {
            for (var i = 0; i + 1 < data.Length; i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            }
            if (data.Length % 2 == 1)
            {
                sum += (ulong)data[^1] << 8;
            }
            return sum;
        }
    }

    private static IPAddress Unscoped(IPAddress address) => address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;

    private static byte[] Pad(byte[] frame)
    {
        if (frame.Length >= MinimumEthernetFrame)
        {
            return frame;
        }
        var padded = new byte[MinimumEthernetFrame];
        frame.CopyTo(padded, 0);
        return padded;
    }
}
