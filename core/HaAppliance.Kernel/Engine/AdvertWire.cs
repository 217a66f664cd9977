using System.Net;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>The event loop's use of the codec: decode and validate against one instance, encode its adverts.</summary>
internal static class AdvertWire
{
    /// <summary>The VRID is the second byte in both versions; enough to find the router before full validation.</summary>
    public static bool TryPeekVrid(ReadOnlySpan<byte> payload, out byte vrid)
    {
        vrid = payload.Length >= 2 ? payload[1] : (byte)0;
        return payload.Length >= 2;
    }

    public static VrrpExpectation Expectation(InstanceSpec spec) =>
        VrrpExpectation.For(spec.Router, AuthType(spec), spec.AuthPass);

    public static VrrpEncodeOptions EncodeOptions(InstanceSpec spec) => new()
    {
        AuthType = AuthType(spec),
        Password = spec.AuthPass,
        V3ChecksumMode = spec.ChecksumWithoutPseudoHeader ? VrrpV3ChecksumMode.MessageOnly : VrrpV3ChecksumMode.PseudoHeader,
    };

    private static VrrpAuthType AuthType(InstanceSpec spec) =>
        spec.Router.Version == VrrpVersion.V2 && spec.AuthPass is not null ? VrrpAuthType.SimplePassword : VrrpAuthType.None;

    /// <summary>RFC 9568 §7.1 checks (TTL if <paramref name="checkTtl"/>), auth, interval; the same advert again is the same event.</summary>
    public static bool TryDecode(InstanceRuntime rt, ReceivedPacket p, bool checkTtl, out RouterEvent.AdvertReceived? received, out VrrpRejectReason reason)
    {
        received = null;
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        if (!p.Source.TryWriteBytes(src, out var srcLen) || !p.Destination.TryWriteBytes(dst, out var dstLen))
        {
            reason = VrrpRejectReason.Truncated;
            return false;
        }

        var payload = p.Vrrp.Span;
        reason = VrrpPacket.Decode(payload, p.Family, src[..srcLen], dst[..dstLen], checkTtl ? (byte)Math.Clamp(p.Ttl, 0, 255) : (byte)255, false, out var packet);
        if (reason == VrrpRejectReason.None)
        {
            reason = packet.Validate(rt.Expectation) is var r && r == VrrpRejectReason.AddressListMismatch ? VrrpRejectReason.None : r;
        }

        if (reason != VrrpRejectReason.None)
        {
            return false;
        }

        if (rt.Received is { } last && payload.SequenceEqual(last.Vrrp) && last.Source.Equals(p.Source))
        {
            received = last.Event;
            return true;
        }

        received = new RouterEvent.AdvertReceived(packet.ToAdvertisement(p.Source));
        rt.Received = (payload.ToArray(), p.Source, received);
        return true;
    }

    /// <summary>Encodes <paramref name="send"/> for <paramref name="destination"/>; the same action again allocates nothing.</summary>
    public static int Encode(InstanceRuntime rt, RouterAction.SendAdvert send, IPAddress destination, Span<byte> buffer)
    {
        if (rt.Encoded is not { Advert: { } advert } encoded || !ReferenceEquals(encoded.Action, send))
        {
            var spec = rt.Spec;
            advert = new Advertisement(spec.Router.Version, spec.Router.Vrid, send.Priority, send.IntervalCentiseconds, spec.Endpoint.Source, send.Addresses);
            rt.Encoded = (send, advert);
        }

        return VrrpEncoder.Encode(buffer, advert, destination, rt.EncodeOptions);
    }
}
