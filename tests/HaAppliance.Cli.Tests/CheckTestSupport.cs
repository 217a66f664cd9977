using System.CommandLine;
using System.Diagnostics;

namespace HaAppliance.Cli.Tests;

/// <summary>Runs haapp subcommands in process (captured output) or as the real program.</summary>
internal static class CheckTestSupport
{
    public static string RepoRoot => RepositoryPaths.Root;

    public static string Repo(params string[] parts) => RepositoryPaths.Under(parts);

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built haapp.dll as a separate process, as an operator would.</summary>
    public static (int Exit, string Out, string Err) RunProcess(string workingDirectory, params string[] args) =>
        RunProcess(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="RunProcess(string, string[])"/>, with environment variables set (a null value removes one).</summary>
    public static (int Exit, string Out, string Err) RunProcess(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "haapp.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail("haapp did not exit");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
