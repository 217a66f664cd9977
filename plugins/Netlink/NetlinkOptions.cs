namespace HaAppliance.Plugins.Netlink;

/// <summary>Options of the <c>netlink</c> VIP backend.</summary>
public sealed class NetlinkOptions
{
    private TimeSpan _requestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the kernel's acknowledgement of one request (default 5 s).</summary>
    public TimeSpan RequestTimeout
    {
        get => _requestTimeout;
        set
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "netlink request_timeout must be between 1 ms and 60 s.");
            }
            _requestTimeout = value;
        }
    }
}
