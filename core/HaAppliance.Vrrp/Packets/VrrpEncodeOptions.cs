namespace HaAppliance.Vrrp.Packets;

/// <summary>Per-router settings the wire format needs beyond an <see cref="Advertisement"/>.</summary>
public sealed record VrrpEncodeOptions
{
    /// <summary>The defaults: no authentication, v3/IPv4 checksum with the pseudo-header.</summary>
    public static VrrpEncodeOptions Default { get; } = new();

    /// <summary>v2 auth type (ignored for v3).</summary>
    public VrrpAuthType AuthType { get; init; } = VrrpAuthType.None;

    /// <summary>v2 simple password, at most 8 bytes of UTF-8 (keepalived's <c>auth_pass</c>).</summary>
    public string? Password { get; init; }

    /// <summary>v3 over IPv4 checksum form (keepalived's <c>v3_checksum_as_v2</c> is <see cref="VrrpV3ChecksumMode.MessageOnly"/>).</summary>
    public VrrpV3ChecksumMode V3ChecksumMode { get; init; } = VrrpV3ChecksumMode.PseudoHeader;
}
