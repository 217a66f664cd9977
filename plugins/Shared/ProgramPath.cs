namespace HaAppliance.Plugins.Shared;

/// <summary>Finds the file a command's first word runs, as execvp(3) would.</summary>
public static class ProgramPath
{
    /// <summary>A path with a slash as is (made absolute), else the first match on PATH; null when there is none.</summary>
    public static string? Resolve(string program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program)))
            {
                return Path.Combine(dir, program);
            }
        }

        return null;
    }
}
