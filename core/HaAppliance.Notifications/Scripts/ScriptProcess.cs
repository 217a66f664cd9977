using System.Diagnostics;
using HaAppliance.Notifications.Interop;
using HaAppliance.Plugins.Shared.Security;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// Runs one command in its own process group (via setsid, so pid = pgid) as the configured
/// user, and kills the whole group on timeout so a hung script's children cannot outlive it. A script that exits
/// on its own has succeeded or failed by its exit status, whatever children it left running.
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
        SecretEnvironment.RemoveFrom(psi.Environment);
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
        process.Start();
        process.StandardInput.Close();
        var pid = process.Id;

        // Output is drained by plain reads, never BeginOutputReadLine: with that, WaitForExitAsync also waits for the
        // pipes to close, which a background child of the script (`daemon &`) holding them open never does.
        using var drain = new CancellationTokenSource();
        var drained = Task.WhenAll(DrainAsync(process.StandardOutput.BaseStream, drain.Token), DrainAsync(process.StandardError.BaseStream, drain.Token));
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            // The script's own exit is its result; its detached children live on, and we stop reading.
            await drain.CancelAsync().ConfigureAwait(false);
            await drained.ConfigureAwait(false);
            return new ScriptResult(process.ExitCode, false, pid);
        }
        catch (OperationCanceledException)
        {
            await drain.CancelAsync().ConfigureAwait(false);
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

    /// <summary>Reads and discards a pipe until it closes or <paramref name="stop"/> fires.</summary>
    private static async Task DrainAsync(Stream stream, CancellationToken stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, stop).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
