using System.Diagnostics;
using System.Globalization;

namespace HaAppliance.Cli;

/// <summary>
/// nginx, when installed, as the demo's web server on one node: its own configuration, pid file and logs in the
/// demo's folder, in the foreground inside the node's network namespace, answering with the node's name.
/// </summary>
internal sealed class DemoNginx : IDisposable
{
    private readonly Process _process;

    private DemoNginx(Process process) => _process = process;

    /// <summary>nginx on PATH or in /usr/sbin (root's usual places), or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, "nginx"))
            .FirstOrDefault(File.Exists);

    public static DemoNginx Start(string nginx, string netns, string node, string folder)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            # haapp demo: the web server of {{node}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/client_body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              server {
                listen 80;
                location / { default_type text/plain; return 200 "{{node}}\n"; }
              }
            }
            """));
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", netns, nginx, "-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", config })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start nginx");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DemoNginx(process);
    }

    public void Dispose()
    {
        // `ip netns exec` execs nginx, so this pid is nginx's master: SIGQUIT is its graceful stop.
        if (!_process.HasExited)
        {
            Shell.Run("kill", "-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
