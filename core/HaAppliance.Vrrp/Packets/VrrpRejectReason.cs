namespace HaAppliance.Vrrp.Packets;

/// <summary>
/// Why a received VRRP packet was discarded. The names are stable: they become per-router
/// statistics counters and log fields, so never rename or renumber a member.
/// </summary>
public enum VrrpRejectReason : byte
{
    /// <summary>The packet passed every check.</summary>
    None = 0,

    /// <summary>Fewer bytes were present than the headers announce (a capture snap length, or a runt).</summary>
    Truncated = 1,

    /// <summary>IPv4 TTL or IPv6 hop limit is not 255 (RFC 3768 §7.1, RFC 9568 §7.1): the packet crossed a router.</summary>
    TtlNot255 = 2,

    /// <summary>The version nibble is neither 2 nor 3, or is 2 over IPv6.</summary>
    UnknownVersion = 3,

    /// <summary>The type nibble is not 1 (Advertisement), the only type defined.</summary>
    UnknownType = 4,

    /// <summary>The message length does not match the address count (plus 8 auth bytes for v2).</summary>
    LengthMismatch = 5,

    /// <summary>The checksum does not verify (for v3 over IPv4: in neither of the two accepted forms).</summary>
    ChecksumMismatch = 6,

    /// <summary>VRID 0 is not a valid virtual router id.</summary>
    VridZero = 7,

    /// <summary>v3 Max Advertise Interval of 0 (RFC 9568 §5.2.7 requires 1–4095 centiseconds).</summary>
    IntervalZero = 8,

    /// <summary>v2 auth type differs from the one configured (RFC 3768 §7.1: discard).</summary>
    AuthTypeMismatch = 9,

    /// <summary>v2 simple password differs from the one configured (RFC 2338 §10.2 semantics kept by RFC 3768).</summary>
    PasswordMismatch = 10,

    /// <summary>The virtual address list differs from the router's (RFC 3768 §7.1 / RFC 9568 §7.1: log, may discard).</summary>
    AddressListMismatch = 11,

    /// <summary>v2 Adver Int differs from the one configured (RFC 3768 §7.1: discard).</summary>
    IntervalMismatch = 12,

    /// <summary>The VRRP version of the packet is not the version the router runs.</summary>
    VersionMismatch = 13,
}
