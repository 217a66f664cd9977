namespace HaAppliance.Capture;

/// <summary>One captured frame.</summary>
/// <param name="Number">1-based position in the file, as <c>tcpdump -#</c> numbers it.</param>
/// <param name="Offset">Byte offset of the record (its header) in the file, for error messages.</param>
/// <param name="Seconds">Timestamp: seconds since the Unix epoch, UTC.</param>
/// <param name="Nanoseconds">Timestamp: fraction of the second in nanoseconds.</param>
/// <param name="LinkType">The link-layer header type of <paramref name="Data"/>.</param>
/// <param name="Data">The captured bytes (may be shorter than <paramref name="OriginalLength"/>).</param>
/// <param name="OriginalLength">The frame's length on the wire.</param>
public readonly record struct PcapRecord(
    int Number,
    long Offset,
    long Seconds,
    uint Nanoseconds,
    PcapLinkType LinkType,
    ReadOnlyMemory<byte> Data,
    int OriginalLength)
{
    /// <summary>The timestamp as a UTC <see cref="DateTime"/> (100 ns resolution); clamped to <see cref="DateTime.MaxValue"/> for a damaged timestamp.</summary>
    public DateTime Timestamp => Seconds is >= 0 and < 253_402_300_799
        ? DateTime.UnixEpoch.AddSeconds(Seconds).AddTicks(Nanoseconds / 100)
        : DateTime.MaxValue;
}
