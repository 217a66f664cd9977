namespace HaAppliance.Capture;

/// <summary>A pcapng Interface Description Block: link type, snap length and timestamp resolution.</summary>
internal readonly record struct PcapngInterface(PcapLinkType LinkType, int SnapLength, byte TimestampResolution)
{
    /// <summary>Splits a raw pcapng timestamp into Unix seconds and nanoseconds.</summary>
    public (long Seconds, uint Nanoseconds) ToTime(ulong stamp)
    {
        // if_tsresol: high bit set means a power of two, else a power of ten (pcapng §4.2).
        int exponent = TimestampResolution & 0x7F;
        if ((TimestampResolution & 0x80) != 0)
        {
            if (exponent >= 64)
            {
                return (0, 0);
            }

            ulong units = 1UL << exponent;
            ulong secs = stamp >> exponent;
            ulong frac = stamp & (units - 1);
            return ((long)Math.Min(secs, long.MaxValue), (uint)(frac * 1_000_000_000UL / units));
        }

        if (exponent > 19)
        {
            return (0, 0);
        }

        ulong perSecond = 1;
        for (int i = 0; i < exponent; i++)
        {
            perSecond *= 10;
        }

        ulong seconds = stamp / perSecond;
        ulong fraction = stamp % perSecond;
        uint nanos = exponent <= 9
            ? (uint)(fraction * (1_000_000_000UL / perSecond))
            : (uint)(fraction / (perSecond / 1_000_000_000UL));
        return ((long)Math.Min(seconds, long.MaxValue), nanos);
    }
}
