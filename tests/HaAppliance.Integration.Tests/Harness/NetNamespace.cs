using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace HaAppliance.Integration.Tests.Harness;

/// <summary>
/// A network namespace created for a test (<c>ip netns add</c>) and deleted on dispose. Code runs inside it either
/// as a command (<see cref="Exec"/>) or in-process on a dedicated thread that called setns(2) — setns changes only
/// the calling thread, and sockets opened there stay in the namespace whatever thread uses them later.
/// </summary>
internal sealed class NetNamespace : IDisposable
{
    private NetNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetNamespace Create(string name)
    {
        Shell.Run("ip", "netns", "add", name);
        var ns = new NetNamespace(name);
        try
        {
            ns.Exec("ip", "link", "set", "lo", "up");
            // No duplicate address detection: addresses are usable at once, so tests need not wait.
            ns.Exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
            ns.Exec("sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command inside the namespace; throws with stderr on failure.</summary>
    public string Exec(string file, params string[] args) => Shell.Run("ip", ["netns", "exec", Name, file, .. args]);

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has entered the namespace.</summary>
    public T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle($"/var/run/netns/{Name}"))
                {
                    if (NativeMethods.SetNs(handle.DangerousGetHandle(), NativeMethods.CLONE_NEWNET) != 0)
                    {
                        throw new InvalidOperationException($"setns({Name}) failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {Name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Run(Action action) => Run(() =>
    {
        action();
        return 0;
    });

    /// <summary>Runs async code whose every step stays on the namespace thread (no awaits that hop threads matter
    /// for sockets already open, but socket creation must happen here).</summary>
    public T RunAsync<T>(Func<Task<T>> action) => Run(() => action().GetAwaiter().GetResult());

    public int IfIndex(string device) => Run(() => HaAppliance.Linux.Transport.InterfaceIndex.Of(device));

    public string MacOf(string device) => Exec("cat", $"/sys/class/net/{device}/address").Trim();

    public void Dispose() => Shell.Run("ip", ["netns", "del", Name], check: false);
}
