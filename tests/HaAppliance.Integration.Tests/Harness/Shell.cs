using System.Diagnostics;

namespace HaAppliance.Integration.Tests.Harness;

/// <summary>Runs a command without a shell and returns its output; a non-zero exit throws with stderr.</summary>
internal static class Shell
{
    public static string Run(string file, params string[] args) => Run(file, args, check: true).StdOut;

    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> args, bool check)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish in 30 s");
        }
        var result = (p.ExitCode, stdout.Result, stderr.Result);
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited {p.ExitCode}: {result.Item3.Trim()}");
        }
        return result;
    }
}
