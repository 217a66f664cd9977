using System.Net;

namespace HaAppliance.Sites;

/// <summary>Addresses as unsigned integers in network byte order: the RFC 9568 §6.4.3 tie-break order.</summary>
internal static class AddressComparer
{
    public static int Compare(IPAddress a, IPAddress b)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    }
}
