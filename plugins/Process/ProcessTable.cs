using HaAppliance.Plugins.Shared;
using System.Globalization;
using System.Text;

namespace HaAppliance.Plugins.Process;

/// <summary>Scans /proc for live processes matching a <see cref="ProcessCheckOptions"/>.</summary>
internal sealed class ProcessTable
{
    private readonly ProcessCheckOptions _options;
    private readonly string _procRoot;
    private readonly List<string> _parameters;
    private readonly bool _matchParameters;

    public ProcessTable(ProcessCheckOptions options, string procRoot = "/proc")
    {
        _options = options;
        _procRoot = procRoot;
        var words = CommandLineSplitter.Split(options.Process);
        if (words.Count == 0)
        {
            throw new ArgumentException("'process' is required");
        }

        Name = words[0];
        _parameters = options.Parameters is null ? words[1..] : CommandLineSplitter.Split(options.Parameters);
        _matchParameters = _parameters.Count > 0 || options.ParamMatch is not null;
    }

    /// <summary>The process name (the first word of <see cref="ProcessCheckOptions.Process"/>).</summary>
    public string Name { get; }

    public List<int> FindMatching()
    {
        List<int> pids = [];
        foreach (var dir in Directory.EnumerateDirectories(_procRoot))
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
            if (_options.FullCommand)
            {
                return string.Join(' ', argv) == _options.Process;
            }

            bool nameMatches = comm == Name || (argv.Length > 0 && (argv[0] == Name || Path.GetFileName(argv[0]) == Name));
            return nameMatches && (!_matchParameters || ParametersMatch(argv.AsSpan(1)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // exited while we looked
        }
    }

    private bool ParametersMatch(ReadOnlySpan<string> args)
    {
        int n = _parameters.Count;
        var mode = _options.ParamMatch ?? ParamMatch.Exact;
        if (args.Length < n || (mode == ParamMatch.Exact && args.Length != n))
        {
            return false;
        }

        if (n == 0)
        {
            return args.Length == 0; // param_match without parameters: no arguments allowed
        }

        for (int i = 0; i < n - 1; i++)
        {
            if (args[i] != _parameters[i])
            {
                return false;
            }
        }

        return mode == ParamMatch.Initial
            ? args[n - 1].StartsWith(_parameters[n - 1], StringComparison.Ordinal)
            : args[n - 1] == _parameters[n - 1];
    }

    private static string[] ReadCmdline(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.Length == 0 ? [] : Encoding.UTF8.GetString(bytes).TrimEnd('\0').Split('\0');
    }
}
