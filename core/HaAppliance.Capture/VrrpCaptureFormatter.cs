using System.Globalization;
using System.Net;
using System.Text;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Capture;

/// <summary>
/// Prints a captured VRRP packet the way <c>tcpdump -# -n -tttt</c> (with <c>-v</c>: the verbose form) does,
/// so operators can compare our view with theirs; a packet our decoder rejects gets the reason in brackets.
/// </summary>
public static class VrrpCaptureFormatter
{
    // 9999-12-31 23:59:59 UTC, the last second DateTime can show.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Formats <paramref name="record"/> if it carries VRRP (IP protocol 112); false for anything else.
    /// </summary>
    /// <param name="record">The frame.</param>
    /// <param name="verbose">tcpdump's <c>-v</c>: IP header details, the addresses and the v2 password.</param>
    /// <param name="line">The line (two lines for verbose IPv4, as tcpdump prints).</param>
    /// <param name="reason">What the decoder said about the packet.</param>
    public static bool TryFormat(PcapRecord record, bool verbose, out string line, out VrrpRejectReason reason)
    {
        line = string.Empty;
        reason = VrrpRejectReason.None;
        if (!LinkLayer.TryGetIpPacket(record.LinkType, record.Data.Span, out ReadOnlySpan<byte> bytes)
            || IpPacket.TryParse(bytes, out IpPacket ip) != IpParseStatus.Ok
            || ip.Protocol != IpPacket.VrrpProtocol)
        {
            return false;
        }

        reason = VrrpPacket.Decode(ip, out VrrpPacket vrrp);
        var text = new StringBuilder(256);
        text.Append(record.Number.ToString(CultureInfo.InvariantCulture).PadLeft(5)).Append("  ");
        if (record.Seconds is >= 0 and <= MaxUnixSeconds)
        {
            text.Append(DateTime.UnixEpoch.AddSeconds(record.Seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        else
        {
            // A damaged pcapng timestamp can lie beyond DateTime; print the raw seconds rather than fail.
            text.Append(record.Seconds.ToString(CultureInfo.InvariantCulture));
        }

        text.Append('.')
            .Append((record.Nanoseconds / 1000).ToString("D6", CultureInfo.InvariantCulture))
            .Append(' ');
        AppendIp(text, ip, verbose);
        AppendVrrp(text, vrrp, ip.Ttl, verbose);
        if (reason != VrrpRejectReason.None)
        {
            text.Append(" [").Append(ReasonText(reason, ip.Ttl)).Append(']');
        }

        line = text.ToString();
        return true;
    }

    /// <summary>The bracketed reason: the TTL value for <see cref="VrrpRejectReason.TtlNot255"/>, the short text otherwise.</summary>
    public static string ReasonText(VrrpRejectReason reason, byte ttl)
        => reason == VrrpRejectReason.TtlNot255 ? $"ttl {ttl}" : reason.ToText();

    private static void AppendIp(StringBuilder text, IpPacket ip, bool verbose)
    {
        string source = new IPAddress(ip.Source).ToString();
        string destination = new IPAddress(ip.Destination).ToString();
        if (ip.Family == IpFamily.IPv4)
        {
            text.Append("IP ");
            if (verbose)
            {
                text.Append("(tos 0x").Append(ip.TrafficClass.ToString("x", CultureInfo.InvariantCulture));
                text.Append((ip.TrafficClass & 3) switch { 1 => ",ECT(1)", 2 => ",ECT(0)", 3 => ",CE", _ => string.Empty });
                text.Append(CultureInfo.InvariantCulture, $", ttl {ip.Ttl}, id {ip.Identification}, offset {(ip.FlagsAndFragmentOffset & 0x1FFF) * 8}, flags [{Flags(ip.FlagsAndFragmentOffset)}]");
                text.Append(CultureInfo.InvariantCulture, $", proto VRRP (112), length {ip.DeclaredLength})");
                text.Append("\n    ");
            }
        }
        else
        {
            text.Append("IP6 ");
            if (verbose)
            {
                text.Append('(');
                if (ip.TrafficClass != 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"class 0x{ip.TrafficClass:x}, ");
                }

                if (ip.FlowLabel != 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"flowlabel 0x{ip.FlowLabel:x5}, ");
                }

                text.Append(CultureInfo.InvariantCulture, $"hlim {ip.Ttl}, next-header VRRP (112), payload length {ip.DeclaredLength}) ");
            }
        }

        text.Append(source).Append(" > ").Append(destination).Append(": ");
    }

    private static string Flags(ushort flagsAndOffset)
    {
        // tcpdump's order: MF "+", DF, reserved.
        var parts = new List<string>(3);
        if ((flagsAndOffset & 0x2000) != 0)
        {
            parts.Add("+");
        }

        if ((flagsAndOffset & 0x4000) != 0)
        {
            parts.Add("DF");
        }

        if ((flagsAndOffset & 0x8000) != 0)
        {
            parts.Add("rsvd");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static void AppendVrrp(StringBuilder text, VrrpPacket vrrp, byte ttl, bool verbose)
    {
        if (!vrrp.HasHeader)
        {
            text.Append("VRRP");
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"VRRPv{vrrp.VersionNumber}, ");
        text.Append(vrrp.Type == VrrpPacket.AdvertisementType ? "Advertisement" : $"unknown type ({vrrp.Type})");
        if (verbose && ttl != 255)
        {
            text.Append(CultureInfo.InvariantCulture, $", (ttl {ttl})");
        }

        if (vrrp.VersionNumber is not (2 or 3) || vrrp.Type != VrrpPacket.AdvertisementType)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $", vrid {vrrp.Vrid}, prio {vrrp.Priority}");
        if (vrrp.VersionNumber == 2)
        {
            string auth = vrrp.AuthType switch
            {
                VrrpAuthType.None => "none",
                VrrpAuthType.SimplePassword => "simple",
                VrrpAuthType.IpAuthenticationHeader => "ah",
                _ => $"#{(byte)vrrp.AuthType}",
            };
            text.Append(CultureInfo.InvariantCulture, $", authtype {auth}, intvl {vrrp.AdvertInterval}s, length {vrrp.Message.Length}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $", intvl {vrrp.AdvertInterval}cs, length {vrrp.Message.Length}");
        }

        if (!verbose)
        {
            return;
        }

        text.Append(", addrs");
        if (vrrp.AddressCount > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"({vrrp.AddressCount})");
        }

        text.Append(':');
        int present = vrrp.AddressBlock.Length / vrrp.AddressSize;
        for (int i = 0; i < present; i++)
        {
            text.Append(i == 0 ? ' ' : ',').Append(vrrp.GetAddress(i).ToString());
        }

        if (vrrp.VersionNumber == 2 && vrrp.AuthType == VrrpAuthType.SimplePassword && !vrrp.AuthData.IsEmpty)
        {
            text.Append(" auth \"");
            AppendPrintable(text, vrrp.Password);
            text.Append('"');
        }
    }

    private static void AppendPrintable(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        // tcpdump's nd_printjnp: high bit as "M-", control characters as "^X".
        foreach (byte b in bytes)
        {
            int c = b;
            if (c > 0x7F)
            {
                text.Append("M-");
                c &= 0x7F;
            }

            if (c < 0x20 || c == 0x7F)
            {
                text.Append('^').Append((char)(c ^ 0x40));
            }
            else
            {
                text.Append((char)c);
            }
        }
    }
}
