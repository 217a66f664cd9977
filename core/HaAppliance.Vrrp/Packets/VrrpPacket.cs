using System.Buffers.Binary;
using System.Net;

namespace HaAppliance.Vrrp.Packets;

/// <summary>
/// A decoded VRRP advertisement: a zero-allocation view over the received bytes
/// (RFC 3768 §5.1 for v2, RFC 9568 §5.1 for v3). Produced by <see cref="Decode(ReadOnlySpan{byte}, IpFamily, ReadOnlySpan{byte}, ReadOnlySpan{byte}, byte, bool, out VrrpPacket)"/>,
/// which fills in as many fields as the bytes allow even when it rejects the packet, so a capture view can show them.
/// </summary>
public readonly ref struct VrrpPacket
{
    /// <summary>Size of the fixed VRRP header (both versions).</summary>
    public const int HeaderLength = 8;

    /// <summary>Size of the v2 authentication data (RFC 3768 §5.3.10).</summary>
    public const int AuthDataLength = 8;

    /// <summary>The only packet type defined (RFC 3768 §5.3.2, RFC 9568 §5.2.2).</summary>
    public const byte AdvertisementType = 1;

    private VrrpPacket(
        IpFamily family,
        ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> addressBlock,
        ReadOnlySpan<byte> authData,
        VrrpChecksumForm checksumForm)
    {
        Family = family;
        Message = message;
        AddressBlock = addressBlock;
        AuthData = authData;
        ChecksumForm = checksumForm;
    }

    /// <summary>The IP family the packet arrived over; fixes the address size.</summary>
    public IpFamily Family { get; }

    /// <summary>The whole VRRP message as received (bounded by the IP length).</summary>
    public ReadOnlySpan<byte> Message { get; }

    /// <summary>The whole addresses present in the packet, packed (4 or 16 bytes each, in packet order).</summary>
    public ReadOnlySpan<byte> AddressBlock { get; }

    /// <summary>v2: the 8 authentication bytes when present; empty for v3.</summary>
    public ReadOnlySpan<byte> AuthData { get; }

    /// <summary>Which checksum form verified; <see cref="VrrpChecksumForm.Unverified"/> if the packet was rejected before or at the checksum.</summary>
    public VrrpChecksumForm ChecksumForm { get; }

    /// <summary>True when the 8-byte fixed header is present, so the header fields below are meaningful.</summary>
    public bool HasHeader => Message.Length >= HeaderLength;

    /// <summary>The version nibble as received (2 and 3 are valid).</summary>
    public byte VersionNumber => HasHeader ? (byte)(Message[0] >> 4) : (byte)0;

    /// <summary>The version as the enum; meaningful only when <see cref="VersionNumber"/> is 2 or 3.</summary>
    public VrrpVersion Version => (VrrpVersion)VersionNumber;

    /// <summary>The type nibble (1 = Advertisement).</summary>
    public byte Type => HasHeader ? (byte)(Message[0] & 0x0F) : (byte)0;

    /// <summary>Virtual router id.</summary>
    public byte Vrid => HasHeader ? Message[1] : (byte)0;

    /// <summary>Sender's priority.</summary>
    public byte Priority => HasHeader ? Message[2] : (byte)0;

    /// <summary>Count IPvX Addr.</summary>
    public byte AddressCount => HasHeader ? Message[3] : (byte)0;

    /// <summary>v2 Auth Type; <see cref="VrrpAuthType.None"/> for v3 (the byte is part of the interval field there).</summary>
    public VrrpAuthType AuthType => HasHeader && VersionNumber == 2 ? (VrrpAuthType)Message[4] : VrrpAuthType.None;

    /// <summary>The interval as carried: v2 Adver Int in seconds, v3 Max Adver Int in centiseconds (12 bits).</summary>
    public int AdvertInterval => !HasHeader ? 0 : VersionNumber == 2 ? Message[5] : BinaryPrimitives.ReadUInt16BigEndian(Message[4..]) & 0x0FFF;

    /// <summary>The v3 reserved nibble (should be zero; kept for faithful re-encoding).</summary>
    public byte Reserved => HasHeader && VersionNumber != 2 ? (byte)(Message[4] >> 4) : (byte)0;

    /// <summary>The interval in centiseconds (v2 seconds × 100), the unit <see cref="Advertisement"/> uses.</summary>
    public int IntervalCentiseconds => VersionNumber == 2 ? AdvertInterval * 100 : AdvertInterval;

    /// <summary>The checksum field as received.</summary>
    public ushort Checksum => HasHeader ? BinaryPrimitives.ReadUInt16BigEndian(Message[6..]) : (ushort)0;

    /// <summary>Bytes one address takes for this family.</summary>
    public int AddressSize => Family == IpFamily.IPv6 ? 16 : 4;

    /// <summary>The length the header announces: header, addresses and, for v2, the auth data.</summary>
    public int ExpectedLength => HeaderLength + (AddressCount * AddressSize) + (VersionNumber == 2 ? AuthDataLength : 0);

    /// <summary>The <paramref name="index"/>th virtual address (allocates).</summary>
    public IPAddress GetAddress(int index) => new(AddressBlock.Slice(index * AddressSize, AddressSize));

    /// <summary>The v2 simple password: the auth bytes up to the first zero.</summary>
    public ReadOnlySpan<byte> Password
    {
        get
        {
            int zero = AuthData.IndexOf((byte)0);
            return zero < 0 ? AuthData : AuthData[..zero];
        }
    }

    /// <summary>Builds the router's <see cref="Advertisement"/> (allocates); call it only for an accepted packet.</summary>
    public Advertisement ToAdvertisement(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int count = AddressBlock.Length / AddressSize;
        var addresses = new IPAddress[count];
        for (int i = 0; i < count; i++)
        {
            addresses[i] = GetAddress(i);
        }

        return new Advertisement(Version, Vrid, Priority, IntervalCentiseconds, source, addresses);
    }

    /// <summary>Decodes and validates the VRRP payload of a parsed IP packet.</summary>
    public static VrrpRejectReason Decode(scoped in IpPacket ip, out VrrpPacket packet)
        => Decode(ip.Payload, ip.Family, ip.Source, ip.Destination, ip.Ttl, ip.IsTruncated, out packet);

    /// <summary>
    /// Decodes <paramref name="message"/> and runs the packet-level checks of RFC 3768 §7.1 / RFC 9568 §7.1:
    /// TTL, version, type, length, checksum, VRID, interval. Never throws, never reads past the span, never allocates.
    /// </summary>
    /// <param name="message">The IP payload: the VRRP message.</param>
    /// <param name="family">The IP family it arrived over.</param>
    /// <param name="source">IP source address bytes, for the v3 pseudo-header.</param>
    /// <param name="destination">IP destination address bytes, for the v3 pseudo-header.</param>
    /// <param name="ttl">IPv4 TTL or IPv6 hop limit.</param>
    /// <param name="ipTruncated">True when the IP layer says bytes are missing: a short message is then <see cref="VrrpRejectReason.Truncated"/> rather than <see cref="VrrpRejectReason.LengthMismatch"/>.</param>
    /// <param name="packet">The view, filled as far as the bytes allow.</param>
    /// <returns><see cref="VrrpRejectReason.None"/> when the packet is acceptable, otherwise the first failed check.</returns>
    public static VrrpRejectReason Decode(
        ReadOnlySpan<byte> message,
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        byte ttl,
        bool ipTruncated,
        out VrrpPacket packet)
    {
        packet = new VrrpPacket(family, message, default, default, VrrpChecksumForm.Unverified);
        if (message.Length < HeaderLength)
        {
            return VrrpRejectReason.Truncated;
        }

        int version = message[0] >> 4;
        int addressSize = family == IpFamily.IPv6 ? 16 : 4;
        int authLength = version == 2 ? AuthDataLength : 0;
        int count = message[3];

        // Expose what is present, whole addresses only, so a rejected packet can still be shown.
        int addressBytes = Math.Min(count * addressSize, (message.Length - HeaderLength) / addressSize * addressSize);
        ReadOnlySpan<byte> addressBlock = message.Slice(HeaderLength, addressBytes);
        int authOffset = HeaderLength + (count * addressSize);
        ReadOnlySpan<byte> authData = authLength > 0 && message.Length >= authOffset + authLength
            ? message.Slice(authOffset, authLength)
            : default;
        packet = new VrrpPacket(family, message, addressBlock, authData, VrrpChecksumForm.Unverified);

        // RFC 3768 §7.1 / RFC 9568 §7.1, in the RFC's order.
        if (ttl != 255)
        {
            return VrrpRejectReason.TtlNot255;
        }

        if (!(version == 3 || (version == 2 && family == IpFamily.IPv4)))
        {
            return VrrpRejectReason.UnknownVersion;
        }

        if ((message[0] & 0x0F) != AdvertisementType)
        {
            return VrrpRejectReason.UnknownType;
        }

        int expected = HeaderLength + (count * addressSize) + authLength;
        if (message.Length != expected)
        {
            return message.Length < expected && ipTruncated ? VrrpRejectReason.Truncated : VrrpRejectReason.LengthMismatch;
        }

        if (ipTruncated)
        {
            // The message is complete per the VRRP header, but the IP layer lost bytes: do not trust it.
            return VrrpRejectReason.Truncated;
        }

        VrrpChecksumForm form = VerifyChecksum(message, version, family, source, destination);
        if (form == VrrpChecksumForm.Unverified)
        {
            return VrrpRejectReason.ChecksumMismatch;
        }

        packet = new VrrpPacket(family, message, addressBlock, authData, form);
        if (message[1] == 0)
        {
            return VrrpRejectReason.VridZero;
        }

        if (version == 3 && (BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & 0x0FFF) == 0)
        {
            return VrrpRejectReason.IntervalZero;
        }

        return VrrpRejectReason.None;
    }

    /// <summary>
    /// The per-router checks (RFC 3768 §7.1 / RFC 9568 §7.1) for a packet that passed <see cref="Decode(scoped in IpPacket, out VrrpPacket)"/>
    /// and whose VRID matched the router. Allocation-free.
    /// </summary>
    public VrrpRejectReason Validate(VrrpExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (VersionNumber != (byte)expected.Version)
        {
            return VrrpRejectReason.VersionMismatch;
        }

        if (VersionNumber == 2)
        {
            // v2 discards on auth mismatch; v3 has no authentication and ignores the field.
            if (AuthType != expected.AuthType)
            {
                return VrrpRejectReason.AuthTypeMismatch;
            }

            if (AuthType == VrrpAuthType.SimplePassword && !AuthData.SequenceEqual(expected.AuthData.Span))
            {
                return VrrpRejectReason.PasswordMismatch;
            }

            if (IntervalCentiseconds != expected.AdvertIntervalCentiseconds)
            {
                return VrrpRejectReason.IntervalMismatch;
            }
        }

        if (!SameAddresses(AddressBlock, expected.AddressBlock.Span, AddressSize))
        {
            return VrrpRejectReason.AddressListMismatch;
        }

        return VrrpRejectReason.None;
    }

    private static bool SameAddresses(ReadOnlySpan<byte> received, ReadOnlySpan<byte> configured, int size)
    {
        // Same count and every configured address present; order is not significant (keepalived compares this way too).
        if (received.Length != configured.Length)
        {
            return false;
        }

        for (int i = 0; i < configured.Length; i += size)
        {
            ReadOnlySpan<byte> wanted = configured.Slice(i, size);
            bool found = false;
            for (int j = 0; j < received.Length; j += size)
            {
                if (received.Slice(j, size).SequenceEqual(wanted))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static VrrpChecksumForm VerifyChecksum(
        ReadOnlySpan<byte> message, int version, IpFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        uint messageSum = InternetChecksum.Add(0, message);
        if (version == 2)
        {
            // RFC 3768 §5.3.8: over the VRRP message only.
            return InternetChecksum.Finish(messageSum) == 0 ? VrrpChecksumForm.MessageOnly : VrrpChecksumForm.Unverified;
        }

        int addressSize = family == IpFamily.IPv6 ? 16 : 4;
        if (source.Length == addressSize && destination.Length == addressSize)
        {
            uint pseudo = family == IpFamily.IPv6
                ? InternetChecksum.IPv6PseudoHeader(source, destination, IpPacket.VrrpProtocol, message.Length)
                : InternetChecksum.IPv4PseudoHeader(source, destination, IpPacket.VrrpProtocol, message.Length);
            if (InternetChecksum.Finish(InternetChecksum.Add(pseudo, message)) == 0)
            {
                return VrrpChecksumForm.PseudoHeader;
            }
        }

        // v3 over IPv4: also accept the message-only form (RFC 9568 reading, some vendors, keepalived v3_checksum_as_v2).
        if (family == IpFamily.IPv4 && InternetChecksum.Finish(messageSum) == 0)
        {
            return VrrpChecksumForm.MessageOnly;
        }

        return VrrpChecksumForm.Unverified;
    }
}
