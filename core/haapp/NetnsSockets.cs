using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaAppliance.Cli.Interop;

namespace HaAppliance.Cli;

/// <summary>
/// Creates sockets inside a named network namespace (<c>ip netns add NAME</c>) without a child process: a
/// short-lived thread joins the namespace with setns(2) and creates the socket there. A socket belongs to the
/// namespace it was created in, so any thread may use it afterwards; the thread (and its namespace) then ends.
/// </summary>
internal static class NetnsSockets
{
    public static Socket Create(string netns, Func<Socket> create)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/run/netns", netns), FileMode.Open, FileAccess.Read);
                if (Interop.Interop.Setns(handle, Interop.Interop.CloneNewNet) != 0)
                {
                    throw new IOException($"setns({netns}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = create();
            }
            catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = "netns " + netns,
        };
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"cannot create a socket in network namespace {netns}: {failure?.Message}", failure);
    }
}
