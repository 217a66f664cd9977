using System.Globalization;
using System.Text;

namespace HaAppliance.Plugins.Process;

/// <summary>Scans /proc for live processes matching a <see cref="ProcessCheckOptions"/>.</summary>
internal sealed class ProcessTable(ProcessCheckOptions options, string procRoot = "/proc")
{
    public List<int> FindMatching()
    {
        List<int> pids = [];
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Matches(dir))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private bool Matches(string dir)
    {
        try
        {
            // Zombies have exited; they only wait to be reaped.
            string stat = File.ReadAllText(Path.Combine(dir, "stat"));
            int close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X')
            {
                return false;
            }

            string comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
            string[] argv = ReadCmdline(Path.Combine(dir, "cmdline"));
            bool nameMatches = comm == options.Process
                || (argv.Length > 0 && (argv[0] == options.Process || Path.GetFileName(argv[0]) == options.Process));
            if (!nameMatches)
            {
                return false;
            }

            if (options.Parameters is null)
            {
                return true;
            }

            string args = string.Join(' ', argv.Skip(1));
            return options.ParamMatch switch
            {
                ParamMatch.Initial => args.StartsWith(options.Parameters, StringComparison.Ordinal),
                ParamMatch.Partial => args.Contains(options.Parameters, StringComparison.Ordinal),
                _ => args == options.Parameters,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // exited while we looked
        }
    }

    private static string[] ReadCmdline(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            return [];
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Split('\0');
    }
}
