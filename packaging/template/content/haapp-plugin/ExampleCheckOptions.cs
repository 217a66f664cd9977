namespace HaPlugin.Example;

/// <summary>
/// The check's settings. Each key of the check's configuration (other than the kernel's own: type, interval,
/// timeout, rise, fall, weight, reverse, init) binds to a property: <c>host</c> → <see cref="Host"/>,
/// <c>connect_port</c> would bind to <c>ConnectPort</c>. A value that does not convert is reported by
/// <c>haapp check</c> as <c>FILE:LINE:COL: error: ...</c> naming the key and the value.
/// </summary>
public sealed class ExampleCheckOptions
{
    /// <summary>Host name or address to connect to.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port, 1-65535.</summary>
    public int Port { get; set; } = 80;
}
