namespace HaAppliance.Vrrp.Packets;

/// <summary>VRRPv2 Auth Type (RFC 3768 §5.3.6). v3 has no authentication (RFC 9568 §5.2.5: the field is reserved).</summary>
public enum VrrpAuthType : byte
{
    /// <summary>No authentication; the 8 auth bytes are zero.</summary>
    None = 0,

    /// <summary>RFC 2338 simple text password, 8 bytes, zero padded (kept by keepalived's <c>auth_type PASS</c>).</summary>
    SimplePassword = 1,

    /// <summary>RFC 2338 IP Authentication Header; removed by RFC 3768, decoded only to be rejected.</summary>
    IpAuthenticationHeader = 2,
}
