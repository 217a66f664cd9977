using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Vrrp.Packets;

/// <summary>Writes VRRP advertisements (RFC 3768 §5.1, RFC 9568 §5.1) into caller-provided buffers.</summary>
public static class VrrpEncoder
{
    /// <summary>Maximum v3 Max Advertise Interval: 12 bits of centiseconds (RFC 9568 §5.2.7).</summary>
    public const int MaxV3IntervalCentiseconds = 4095;

    /// <summary>Bytes the message takes.</summary>
    public static int GetLength(VrrpVersion version, IpFamily family, int addressCount)
        => VrrpPacket.HeaderLength + (addressCount * (family == IpFamily.IPv6 ? 16 : 4)) + (version == VrrpVersion.V2 ? VrrpPacket.AuthDataLength : 0);

    /// <summary>
    /// Encodes <paramref name="advertisement"/> (its <see cref="Advertisement.Source"/> is the IP source) sent to
    /// <paramref name="destination"/> into <paramref name="buffer"/>; returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">A field is out of range for the version, the families differ, or the buffer is too small.</exception>
    public static int Encode(Span<byte> buffer, Advertisement advertisement, IPAddress destination, VrrpEncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= VrrpEncodeOptions.Default;
        IpFamily family = advertisement.Family;
        int size = family == IpFamily.IPv6 ? 16 : 4;
        if (destination.AddressFamily != advertisement.Source.AddressFamily)
        {
            throw new ArgumentException($"destination {destination} is not of the family of source {advertisement.Source}", nameof(destination));
        }

        Span<byte> source = stackalloc byte[16];
        Span<byte> dest = stackalloc byte[16];
        advertisement.Source.TryWriteBytes(source, out _);
        destination.TryWriteBytes(dest, out _);

        int length = GetLength(advertisement.Version, family, advertisement.Addresses.Count);
        if (buffer.Length < length)
        {
            throw new ArgumentException($"buffer of {buffer.Length} bytes is smaller than the {length}-byte advertisement", nameof(buffer));
        }

        // Write the addresses straight into place, then the header around them.
        for (int i = 0; i < advertisement.Addresses.Count; i++)
        {
            IPAddress address = advertisement.Addresses[i];
            if (address.AddressFamily != advertisement.Source.AddressFamily)
            {
                throw new ArgumentException($"virtual address {address} is not of the family of source {advertisement.Source}", nameof(advertisement));
            }

            address.TryWriteBytes(buffer.Slice(VrrpPacket.HeaderLength + (i * size), size), out _);
        }

        Span<byte> auth = stackalloc byte[VrrpPacket.AuthDataLength];
        auth.Clear();
        if (advertisement.Version == VrrpVersion.V2 && options.AuthType == VrrpAuthType.SimplePassword)
        {
            WritePassword(options.Password, auth);
        }

        ReadOnlySpan<byte> addressBlock = buffer.Slice(VrrpPacket.HeaderLength, advertisement.Addresses.Count * size);
        return Encode(
            buffer,
            advertisement.Version,
            advertisement.Vrid,
            advertisement.Priority,
            advertisement.IntervalCentiseconds,
            family,
            addressBlock,
            source[..size],
            dest[..size],
            options.AuthType,
            auth,
            options.V3ChecksumMode);
    }

    /// <summary>
    /// Encodes from explicit fields; allocation-free. <paramref name="addressBlock"/> may already sit in place in
    /// <paramref name="buffer"/> (at offset 8). Returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">A field is out of range for the version or the buffer is too small.</exception>
    public static int Encode(
        Span<byte> buffer,
        VrrpVersion version,
        byte vrid,
        byte priority,
        int intervalCentiseconds,
        IpFamily family,
        ReadOnlySpan<byte> addressBlock,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        VrrpAuthType authType = VrrpAuthType.None,
        ReadOnlySpan<byte> authData = default,
        VrrpV3ChecksumMode checksumMode = VrrpV3ChecksumMode.PseudoHeader)
    {
        int size = family == IpFamily.IPv6 ? 16 : 4;
        if (addressBlock.Length % size != 0 || addressBlock.Length / size > 255)
        {
            throw new ArgumentException($"address block of {addressBlock.Length} bytes is not 0–255 addresses of {size} bytes", nameof(addressBlock));
        }

        if (vrid == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(vrid), vrid, "VRID must be 1–255");
        }

        int count = addressBlock.Length / size;
        int length = GetLength(version, family, count);
        if (buffer.Length < length)
        {
            throw new ArgumentException($"buffer of {buffer.Length} bytes is smaller than the {length}-byte advertisement", nameof(buffer));
        }

        if (version == VrrpVersion.V2)
        {
            if (family != IpFamily.IPv4)
            {
                throw new ArgumentException("VRRPv2 runs over IPv4 only (RFC 3768)", nameof(family));
            }

            // v2 carries whole seconds in 8 bits (RFC 3768 §5.3.7).
            if (intervalCentiseconds % 100 != 0 || intervalCentiseconds < 100 || intervalCentiseconds > 255 * 100)
            {
                throw new ArgumentOutOfRangeException(nameof(intervalCentiseconds), intervalCentiseconds, "VRRPv2 interval must be whole seconds 1–255 (100–25500 cs)");
            }

            if (authData.Length > VrrpPacket.AuthDataLength)
            {
                throw new ArgumentException($"auth data of {authData.Length} bytes is longer than 8", nameof(authData));
            }
        }
        else if (version == VrrpVersion.V3)
        {
            if (intervalCentiseconds < 1 || intervalCentiseconds > MaxV3IntervalCentiseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(intervalCentiseconds), intervalCentiseconds, "VRRPv3 interval must be 1–4095 cs");
            }
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "version must be 2 or 3");
        }

        if (!addressBlock.Overlaps(buffer.Slice(VrrpPacket.HeaderLength, addressBlock.Length), out int offset) || offset != 0)
        {
            addressBlock.CopyTo(buffer[VrrpPacket.HeaderLength..]);
        }

        buffer[0] = (byte)(((byte)version << 4) | VrrpPacket.AdvertisementType);
        buffer[1] = vrid;
        buffer[2] = priority;
        buffer[3] = (byte)count;
        if (version == VrrpVersion.V2)
        {
            buffer[4] = (byte)authType;
            buffer[5] = (byte)(intervalCentiseconds / 100);
            Span<byte> auth = buffer.Slice(VrrpPacket.HeaderLength + addressBlock.Length, VrrpPacket.AuthDataLength);
            auth.Clear();
            authData.CopyTo(auth);
        }
        else
        {
            // Reserved nibble zero, 12-bit Max Adver Int.
            BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], (ushort)intervalCentiseconds);
        }

        buffer[6] = 0;
        buffer[7] = 0;
        Span<byte> message = buffer[..length];
        uint sum = 0;
        if (version == VrrpVersion.V3 && (family == IpFamily.IPv6 || checksumMode == VrrpV3ChecksumMode.PseudoHeader))
        {
            if (source.Length != size || destination.Length != size)
            {
                throw new ArgumentException($"the v3 pseudo-header needs {size}-byte source and destination addresses", nameof(source));
            }

            sum = family == IpFamily.IPv6
                ? InternetChecksum.IPv6PseudoHeader(source, destination, IpPacket.VrrpProtocol, length)
                : InternetChecksum.IPv4PseudoHeader(source, destination, IpPacket.VrrpProtocol, length);
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], InternetChecksum.Finish(InternetChecksum.Add(sum, message)));
        return length;
    }

    /// <summary>Writes a v2 simple password into the 8 auth bytes, zero padded (RFC 2338 §5.3.10).</summary>
    /// <exception cref="ArgumentException">The password is longer than 8 bytes of UTF-8.</exception>
    public static void WritePassword(string? password, Span<byte> authData)
    {
        authData.Clear();
        if (string.IsNullOrEmpty(password))
        {
            return;
        }

        int count = Encoding.UTF8.GetByteCount(password);
        if (count > VrrpPacket.AuthDataLength)
        {
            throw new ArgumentException($"password is {count} bytes; VRRPv2 carries at most 8 (the text is not shown: it is a secret)", nameof(password));
        }

        Encoding.UTF8.GetBytes(password, authData);
    }

    /// <summary>The family of an address as the codec names it.</summary>
    public static IpFamily FamilyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
    }
}
