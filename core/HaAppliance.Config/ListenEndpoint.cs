using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaAppliance.Config;

/// <summary>A TCP listen address written ADDR:PORT, as <c>metrics_listen</c> and <c>--metrics-listen</c> take it.</summary>
public static class ListenEndpoint
{
    /// <summary>Parses <c>ADDR:PORT</c> (<c>127.0.0.1:9650</c>, <c>[::1]:9650</c>, <c>:9650</c> for every IPv4 address).</summary>
    public static bool TryParse(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || colon < text.LastIndexOf(']') || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        if (colon == 0)
        {
            endpoint = new IPEndPoint(IPAddress.Any, port);
            return true;
        }

        // An IPv6 address needs its brackets, or "::1" would read as address ":" and port 1.
        if (!IPEndPoint.TryParse(text, out var parsed) || (parsed.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[')))
        {
            return false;
        }

        endpoint = parsed;
        return true;
    }
}
