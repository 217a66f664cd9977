using HaAppliance.Plugins.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HaAppliance.Abstractions;
using HaAppliance.Plugins.Shared.Security;
using HaAppliance.Plugins.Script.Interop;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Plugins.Script;

/// <summary>
/// Runs a command; exit status 0 is healthy. The command runs in its own session and process group
/// (<c>setsid</c>), so when the kernel's timeout cancels the run the whole group is killed, including
/// anything the script started. Output (stdout and stderr) is captured up to a bound and logged.
/// </summary>
internal sealed partial class ScriptCheck : IHealthCheck
{
    private readonly ScriptCheckOptions _options;
    private readonly PluginContext _context;
    private readonly List<string> _argv;
    private readonly (uint Uid, uint Gid)? _credentials;
    private readonly bool _secure;

    public ScriptCheck(ScriptCheckOptions options, PluginContext context)
    {
        _options = options;
        _context = context;
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            throw new ArgumentException("'command' is required");
        }

        if (options.OutputLimit < 0)
        {
            throw new ArgumentException($"'output_limit' must be 0 or more, not {options.OutputLimit}");
        }

        _argv = options.Shell
            ? ["/bin/sh", "-c", options.Command, "sh", .. options.Arguments]
            : [.. CommandLineSplitter.Split(options.Command), .. options.Arguments];
        if (_argv.Count == 0)
        {
            throw new ArgumentException($"'command' has no words: '{options.Command}'");
        }

        if (options.User is not null)
        {
            // keepalived writes "user USERNAME [GROUPNAME]" on one line.
            var words = options.User.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string? group = options.Group ?? (words.Length > 1 ? words[1] : null);
            var (uid, gid) = AccountLookup.User(words[0]);
            _credentials = (uid, group is null ? gid : AccountLookup.Group(group));
        }
        else if (options.Group is not null)
        {
            _credentials = (0, AccountLookup.Group(options.Group));
        }

        if (_credentials is not null && !UnsafePathCheck.RunningAsRoot)
        {
            throw new ArgumentException($"'user'/'group' need the daemon to run as root (user {options.User ?? "-"}, group {options.Group ?? "-"})");
        }

        _secure = options.Secure ?? UnsafePathCheck.RunningAsRoot;
        if (_secure && ResolveProgram(_argv[0]) is { } program && UnsafePathCheck.FindProblem(program) is { } problem)
        {
            // Refuse at configuration time, as keepalived disables an insecure script at start.
            throw new UnauthorizedAccessException($"refusing script {program}: {problem}");
        }
    }

    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        string? program = ResolveProgram(_argv[0]);
        if (program is null)
        {
            return HealthResult.Fail($"{_argv[0]} not found");
        }

        if (_secure && UnsafePathCheck.FindProblem(program) is { } problem)
        {
            return HealthResult.Fail($"refused: {problem}");
        }

        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        SecretEnvironment.RemoveFrom(start.Environment);
        if (_credentials is { } c)
        {
            start.ArgumentList.Add("setpriv");
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--reuid={c.Uid}"));
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--regid={c.Gid}"));
            start.ArgumentList.Add("--clear-groups");
        }

        start.ArgumentList.Add(program);
        foreach (var arg in _argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return HealthResult.Fail($"cannot start {program}: {ex.Message}");
        }

        // setsid(1) execs without forking because our child is not a group leader: its pid is the new pgid.
        int processGroup = process.Id;
        process.StandardInput.Close();
        var output = new BoundedOutput(_options.OutputLimit);
        var readers = Task.WhenAll(
            output.ReadAsync(process.StandardOutput.BaseStream),
            output.ReadAsync(process.StandardError.BaseStream));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Libc.Kill(-processGroup, Libc.SigKill);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            LogOutput(output, "timed out");
            throw;
        }

        try
        {
            // A background child may keep the pipes open; do not wait for it.
            await readers.WaitAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        int code = process.ExitCode;

        // .NET reports a signal death as 128 + the signal number, as shells do.
        string detail = code > 128 && code < 128 + 65
            ? string.Create(CultureInfo.InvariantCulture, $"killed by signal {code - 128}")
            : string.Create(CultureInfo.InvariantCulture, $"exited with status {code}");
        LogOutput(output, detail);
        return code == 0 ? HealthResult.Ok(detail) : HealthResult.Fail(detail);
    }

    private void LogOutput(BoundedOutput output, string detail)
    {
        string text = output.ToString();
        if (text.Length > 0)
        {
            ScriptOutput(_context.Logger, _context.Name, detail, text);
        }
    }

    /// <summary>Finds the program as execvp would: a path with a slash as is, else the first match on PATH.</summary>
    internal static string? ResolveProgram(string program) => ProgramPath.Resolve(program);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "VRRP_Script({Name}) {Detail}; output: {Output}")]
    private static partial void ScriptOutput(ILogger logger, string name, string detail, string output);

    /// <summary>Collects the first N bytes of output from both streams, draining the rest so the child never blocks.</summary>
    private sealed class BoundedOutput(int limit)
    {
        private readonly MemoryStream _kept = new();
        private bool _truncated;

        public async Task ReadAsync(Stream stream)
        {
            var buffer = new byte[4096];
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_kept)
                {
                    int take = (int)Math.Min(n, limit - _kept.Length);
                    if (take > 0)
                    {
                        _kept.Write(buffer, 0, take);
                    }

                    _truncated |= take < n;
                }
            }
        }

        public override string ToString()
        {
            lock (_kept)
            {
                string text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length).TrimEnd();
                return _truncated ? text + " [truncated]" : text;
            }
        }
    }
}
