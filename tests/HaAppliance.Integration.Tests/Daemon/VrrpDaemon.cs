using System.Diagnostics;
using System.Text;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>Which daemon a node runs.</summary>
public enum Impl
{
    Haapp,
    Keepalived,
}

/// <summary>
/// A real VRRP daemon (ours, or Debian's keepalived) running inside a test namespace, with its own
/// config, pid files, state folder and control socket, and its log captured to a file.
/// </summary>
internal sealed class VrrpDaemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _timed = new();

    private VrrpDaemon(Impl impl, NetNamespace ns, string dir, Process process)
    {
        Impl = impl;
        Namespace = ns;
        Dir = dir;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Impl Impl { get; }

    public NetNamespace Namespace { get; }

    public string Dir { get; }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="impl"/> in <paramref name="ns"/> with a keepalived.conf (haapp reads it as it is) or a haapp YAML file.</summary>
    public static VrrpDaemon Start(Impl impl, NetNamespace ns, string dir, string configFile)
    {
        Directory.CreateDirectory(dir);
        var args = impl == Impl.Keepalived
            ? new[] { "netns", "exec", ns.Name, "keepalived", "-n", "-l", "-D", "-P", "-G", "-f", configFile,
                "-p", Path.Combine(dir, "keepalived.pid"), "-r", Path.Combine(dir, "vrrp.pid") }
            : new[] { "netns", "exec", ns.Name, "dotnet", Repo.HaappDll, "run", "-c", configFile,
                "--state-dir", Path.Combine(dir, "state"), "--control-socket", Path.Combine(dir, "haapp.sock") };
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the daemon");
        return new VrrpDaemon(impl, ns, dir, p);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            _timed.AppendLine($"{DateTime.UtcNow:HH:mm:ss.fff} {Impl} {Namespace.Name}: {line}");
        }
    }

    /// <summary>The log with the time each line arrived (UTC) and who wrote it, for timelines.</summary>
    public string TimedLog
    {
        get
        {
            lock (_log)
            {
                return _timed.ToString();
            }
        }
    }

    /// <summary>Graceful stop: SIGTERM, then wait (priority 0 is sent, VIPs removed).</summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }

        Shell.Run("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], check: false);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            Kill();
        }
    }

    /// <summary>A crash: SIGKILL to the daemon and (keepalived) its VRRP child; nothing is cleaned up.</summary>
    public void Kill()
    {
        if (Impl == Impl.Keepalived)
        {
            var child = Path.Combine(Dir, "vrrp.pid");
            if (File.Exists(child) && int.TryParse(File.ReadAllText(child).Trim(), out var pid))
            {
                Shell.Run("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], check: false);
            }
        }

        try
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

/// <summary>Where the repository and the launcher-built CLI are.</summary>
internal static class Repo
{
    public static string Root => RepositoryPaths.Root;

    /// <summary>The CLI with its drop-in plugins, as ./haapp builds it (test.sh runs ./haapp first).</summary>
    public static string HaappDll => Path.Combine(Root, ".build", "haapp", "haapp.dll");

    public static void RequireCli()
    {
        if (!File.Exists(HaappDll))
        {
            Shell.Run(Path.Combine(Root, "haapp"), "version");
        }
    }
}
