using System.Diagnostics;
using HaAppliance.Notifications.Interop;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// Runs one command in its own process group (via setsid, so pid = pgid) as the configured
/// user, and kills the whole group on timeout so a script's children cannot outlive it.
/// </summary>
internal static class ScriptProcess
{
    public static async Task<ScriptResult> RunAsync(IReadOnlyList<string> argv, NotifyScriptOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("--");
        if (options.ScriptUser is { } user)
        {
            // runuser drops to the user (and its groups) without a shell; -g overrides the primary group.
            psi.ArgumentList.Add("runuser");
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(user);
            if (options.ScriptGroup is { } group)
            {
                psi.ArgumentList.Add("-g");
                psi.ArgumentList.Add(group);
            }

            psi.ArgumentList.Add("--");
        }

        foreach (var arg in argv)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = psi };
        // Output is drained but not awaited: a script that leaves a daemon holding the pipe must not hang us.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var pid = process.Id;

        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return new ScriptResult(process.ExitCode, false, pid);
        }
        catch (OperationCanceledException)
        {
            _ = Libc.Kill(-pid, Libc.SIGKILL);
            _ = Libc.Kill(pid, Libc.SIGKILL);
            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }

            if (cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
            {
                throw;
            }

            return new ScriptResult(-1, true, pid);
        }
    }
}
