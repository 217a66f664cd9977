using System.Net;
using System.Net.Sockets;

namespace HaAppliance.Config;

/// <summary>
/// Strict address parsing for configuration. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> accepts
/// inet_aton's legacy forms ("10.1" is 10.0.0.1, "1.2.3" is 1.2.0.3), which in a config file are typos.
/// </summary>
public static class IpText
{
    public static IPAddress? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return text.Contains(':', StringComparison.Ordinal) ? address : null;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)) ? address : null;
    }
}
