using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Hosting.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram per notification to the AF_UNIX SOCK_DGRAM socket systemd names in
/// <c>NOTIFY_SOCKET</c> (a leading '@' is an abstract name). Sending never blocks and never throws: the daemon works
/// the same whether or not systemd listens.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endpoint;

    private SystemdNotifier(string path, TimeSpan? watchdog)
    {
        // Abstract socket names are written with '@' in the environment and start with NUL on the wire.
        _endpoint = new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        WatchdogInterval = watchdog;
    }

    /// <summary>systemd's WatchdogSec for this process (<c>WATCHDOG_USEC</c>), or null when no watchdog is armed.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>The last notification that failed to send, for the log (null: all went out).</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// A notifier for <c>NOTIFY_SOCKET</c>, or null when the daemon was not started by systemd with Type=notify.
    /// <c>WATCHDOG_USEC</c> counts only when <c>WATCHDOG_PID</c> is unset or names this process, as sd_watchdog_enabled does.
    /// </summary>
    public static SystemdNotifier? FromEnvironment(Func<string, string?> getenv)
    {
        var path = getenv("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path) || (path[0] != '/' && path[0] != '@'))
        {
            return null;
        }

        TimeSpan? watchdog = null;
        var pid = getenv("WATCHDOG_PID");
        if (long.TryParse(getenv("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            && (string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)))
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }

        return new SystemdNotifier(path, watchdog);
    }

    /// <summary>CLOCK_MONOTONIC in microseconds, as RELOADING=1 wants it in MONOTONIC_USEC (Stopwatch reads that clock on Linux).</summary>
    public static long MonotonicMicroseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    /// <summary>Sends <paramref name="state"/> (newline-separated <c>KEY=VALUE</c> lines); false when it could not.</summary>
    public bool Notify(string state)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endpoint);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            LastError = ex.Message;
            return false;
        }
    }

    public bool Ready(string status) => Notify($"READY=1\nSTATUS={OneLine(status)}");

    public bool Reloading() => Notify(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}"));

    public bool Status(string status) => Notify("STATUS=" + OneLine(status));

    public bool Stopping() => Notify("STOPPING=1");

    public bool Watchdog() => Notify("WATCHDOG=1");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    public void Dispose() => _socket.Dispose();
}
