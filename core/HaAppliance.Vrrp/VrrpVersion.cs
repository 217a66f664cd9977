namespace HaAppliance.Vrrp;

/// <summary>The VRRP protocol version carried in the advertisement's first nibble.</summary>
public enum VrrpVersion : byte
{
    /// <summary>RFC 3768: IPv4 only, interval in whole seconds, optional simple-password authentication.</summary>
    V2 = 2,

    /// <summary>RFC 5798 / RFC 9568: IPv4 and IPv6, interval in centiseconds, no authentication.</summary>
    V3 = 3,
}
