using System.Globalization;

namespace HaAppliance.Plugins.Netlink;

/// <summary>Address scope names as ip(8) and keepalived write them (/etc/iproute2/rt_scopes).</summary>
internal static class AddressScope
{
    public static byte Parse(string? scope) => scope?.ToLowerInvariant() switch
    {
        null or "" or "global" or "universe" => NetlinkConstants.RT_SCOPE_UNIVERSE,
        "site" => NetlinkConstants.RT_SCOPE_SITE,
        "link" => NetlinkConstants.RT_SCOPE_LINK,
        "host" => NetlinkConstants.RT_SCOPE_HOST,
        "nowhere" => NetlinkConstants.RT_SCOPE_NOWHERE,
        _ when byte.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new ArgumentException($"Unknown address scope '{scope}': use global, site, link, host, nowhere or 0-255.", nameof(scope)),
    };
}
