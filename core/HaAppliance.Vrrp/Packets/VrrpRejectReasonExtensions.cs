namespace HaAppliance.Vrrp.Packets;

/// <summary>Short human text for a <see cref="VrrpRejectReason"/>, in tcpdump's lower-case style.</summary>
public static class VrrpRejectReasonExtensions
{
    /// <summary>Text for logs and the capture view (<c>bad checksum</c>, <c>truncated</c>, ...). Allocation-free.</summary>
    public static string ToText(this VrrpRejectReason reason) => reason switch
    {
        VrrpRejectReason.None => "ok",
        VrrpRejectReason.Truncated => "truncated",
        VrrpRejectReason.TtlNot255 => "ttl not 255",
        VrrpRejectReason.UnknownVersion => "unknown version",
        VrrpRejectReason.UnknownType => "unknown type",
        VrrpRejectReason.LengthMismatch => "bad length",
        VrrpRejectReason.ChecksumMismatch => "bad checksum",
        VrrpRejectReason.VridZero => "vrid 0",
        VrrpRejectReason.IntervalZero => "intvl 0",
        VrrpRejectReason.AuthTypeMismatch => "authtype mismatch",
        VrrpRejectReason.PasswordMismatch => "auth mismatch",
        VrrpRejectReason.AddressListMismatch => "addrs mismatch",
        VrrpRejectReason.IntervalMismatch => "intvl mismatch",
        VrrpRejectReason.VersionMismatch => "version mismatch",
        _ => "unknown reason",
    };
}
