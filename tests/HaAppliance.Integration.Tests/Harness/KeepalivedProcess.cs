using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HaAppliance.Integration.Tests.Harness;

/// <summary>
/// A real keepalived (VRRP only, console logging) running in a test namespace. Stopped with SIGTERM to the pid we
/// started (it then stops its VRRP child), and SIGKILL to both pids if it does not exit.
/// </summary>
internal sealed partial class KeepalivedProcess : IDisposable
{
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _lines = new();

    private KeepalivedProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public static string? Path => Requires.Which("keepalived");

    public IReadOnlyCollection<string> Lines => _lines;

    public static KeepalivedProcess Start(NetNamespace ns, string config)
    {
        var directory = Directory.CreateTempSubdirectory("ha-keepalived-").FullName;
        var configPath = System.IO.Path.Combine(directory, "keepalived.conf");
        File.WriteAllText(configPath, config);
        var psi = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "netns", "exec", ns.Name, Path ?? "keepalived", "-n", "-l", "-D", "-P", "-f", configPath,
            "-p", System.IO.Path.Combine(directory, "parent.pid"),
            "-r", System.IO.Path.Combine(directory, "vrrp.pid"),
            "-c", System.IO.Path.Combine(directory, "checkers.pid"),
        })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start keepalived");
        var keepalived = new KeepalivedProcess(process, directory);
        process.OutputDataReceived += (_, e) => keepalived.Add(e.Data);
        process.ErrorDataReceived += (_, e) => keepalived.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return keepalived;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    /// <summary>Waits (bounded) for a log line containing <paramref name="phrase"/>.</summary>
    public bool WaitForLine(string phrase, TimeSpan timeout, Action? whileWaiting = null)
    {
        return Eventually.Until(() => _lines.Any(l => l.Contains(phrase, StringComparison.Ordinal)), timeout, whileWaiting: whileWaiting);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        var child = ReadPid("vrrp.pid");
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SIGTERM);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _ = Kill(_process.Id, SIGKILL);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        if (child is int pid && File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("keepalived", StringComparison.Ordinal))
        {
            _ = Kill(pid, SIGKILL);
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private int? ReadPid(string file)
    {
        var path = System.IO.Path.Combine(_directory, file);
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid) ? pid : null;
    }
}
