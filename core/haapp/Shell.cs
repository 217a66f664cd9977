using System.Diagnostics;

namespace HaAppliance.Cli;

/// <summary>Runs a program without a shell and returns its exit code and output.</summary>
internal static class Shell
{
    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs and throws with the command line and its output when it fails.</summary>
    public static string Check(string file, params string[] args)
    {
        var (code, output) = Run(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` exited with {code}: {output.Trim()}");
        }

        return output;
    }
}
