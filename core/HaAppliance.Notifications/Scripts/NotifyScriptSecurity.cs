using HaAppliance.Config;
using HaAppliance.Plugins.Shared;
using HaAppliance.Plugins.Shared.Security;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// keepalived's <c>enable_script_security</c> for notify scripts: the program a notify, notify_master, notify_backup,
/// notify_fault or notify_stop command runs (instances and sync groups) must not be replaceable by a non-root user,
/// by the same rule as <c>script</c> checks (<see cref="UnsafePathCheck"/>, symbolic links resolved). Checked at
/// <c>haapp check</c> and again before every run, since files can change after the check.
/// </summary>
public static class NotifyScriptSecurity
{
    /// <summary>Why the program <paramref name="argv"/> runs is unsafe; null when it is safe or cannot be found (then it fails to start).</summary>
    public static string? FindProblem(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0 || ProgramPath.Resolve(argv[0]) is not { } program)
        {
            return null;
        }

        try
        {
            return UnsafePathCheck.FindProblem(program);
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Every unsafe notify script of <paramref name="config"/>, at its FILE:LINE:COL; none unless enable_script_security is on.</summary>
    public static IReadOnlyList<ConfigDiagnostic> Check(HaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var diagnostics = new List<ConfigDiagnostic>();
        if (config.Global.EnableScriptSecurity)
        {
            foreach (var instance in config.Instances)
            {
                Check(diagnostics, $"instance '{instance.Name}'", instance.Notify);
            }

            foreach (var group in config.SyncGroups)
            {
                Check(diagnostics, $"sync group '{group.Name}'", group.Notify);
            }
        }

        return diagnostics;
    }

    private static void Check(List<ConfigDiagnostic> diagnostics, string owner, NotifyScripts scripts)
    {
        (string Key, string? Command)[] all =
            [("notify_master", scripts.Master), ("notify_backup", scripts.Backup), ("notify_fault", scripts.Fault), ("notify_stop", scripts.Stop), ("notify", scripts.Any)];
        foreach (var (key, command) in all)
        {
            if (command is null)
            {
                continue;
            }

            string? problem;
            try
            {
                problem = FindProblem(NotifyCommandLine.Split(command));
            }
            catch (FormatException)
            {
                continue; // the quoting error is reported when the script would run
            }

            if (problem is not null)
            {
                diagnostics.Add(ConfigDiagnostic.Error(scripts.Where(key), $"{owner}: refusing {key} script (enable_script_security): {problem}"));
            }
        }
    }
}
