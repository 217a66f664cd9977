namespace HaAppliance.Vrrp.Packets;

/// <summary>Outcome of <see cref="IpPacket.TryParse"/>.</summary>
public enum IpParseStatus : byte
{
    /// <summary>The header parsed; the payload may still be shorter than announced (see <see cref="IpPacket.IsTruncated"/>).</summary>
    Ok = 0,

    /// <summary>Not even the fixed header (or an extension header) is present.</summary>
    Truncated = 1,

    /// <summary>The version nibble is neither 4 nor 6.</summary>
    UnknownVersion = 2,

    /// <summary>IPv4 IHL below 5 words, or total length shorter than the header.</summary>
    BadHeaderLength = 3,
}
