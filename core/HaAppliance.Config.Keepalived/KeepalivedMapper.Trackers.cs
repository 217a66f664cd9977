using System.Globalization;

namespace HaAppliance.Config.Keepalived;

/// <summary>
/// vrrp_script, vrrp_track_process and track_file, mapped to checks (by default of type script, process and file).
/// The keepalived rules are read here; which type a block becomes and which setting each keyword fills come from
/// the <see cref="KeepalivedKeywordMap"/> (the loaded plugins' declarations, or the built-in names).
/// </summary>
internal sealed partial class KeepalivedMapper
{
    // Which instance block a TrackRef came from (track_script, track_process, track_file), to check it names the right kind.
    private readonly Dictionary<TrackRef, string> _trackKinds = [];

    // The tracker block each check came from: its type and where its keywords go.
    private readonly Dictionary<CheckConfig, KeepalivedBlockMap> _checkMaps = [];

    private CheckConfig NewCheck(KeepalivedStatement block, string name, string kind)
    {
        var map = _keywords.For(block.Name) ?? throw new InvalidOperationException($"no keyword map for '{block.Name}'");
        var check = new CheckConfig { Name = name, Type = map.Type, Location = block.Location };
        _checkMaps[check] = map;
        At(check, "name", block.Args[0].Location);
        At(check, "type", block.Location);
        if (_config.Checks.FirstOrDefault(c => c.Name == name) is { } existing)
        {
            Error(block.Location, $"{kind} '{name}' is defined twice (first at {existing.Location}); names of vrrp_script, vrrp_track_process and track_file must differ");
        }

        _config.Checks.Add(check);
        _checkKinds[check] = kind;
        return check;
    }

    /// <summary>
    /// Writes a keyword's value to the setting its block's map names and returns that name; when the type maps no
    /// setting for it (a plugin's declaration left it out), warns once and returns null.
    /// </summary>
    private string? SetSetting(CheckConfig check, string keyword, string value, SourceLocation where)
    {
        var map = _checkMaps[check];
        if (map.Settings.TryGetValue(keyword, out var setting))
        {
            check.Settings.Set(setting, value, where);
            return setting;
        }

        var d = ConfigDiagnostic.Warning(where, $"unsupported: '{keyword}' in {_checkKinds[check]} {check.Name}: check type '{map.Type}' has no setting for it (line ignored)");
        if (!_diagnostics.Contains(d))
        {
            _diagnostics.Add(d);
            _config.Unsupported.Add(d);
        }

        return null;
    }

    private void MapScript(KeepalivedStatement block, string name)
    {
        var check = NewCheck(block, name, "vrrp_script");
        var timeoutWritten = false;
        var scriptWritten = false;

        // keepalived starts a script in an "init" state counted as good unless init_fail is given.
        check.InitiallyHealthy = true;
        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            switch (s.Name)
            {
                case "script":
                    if (Arity(s, 1, int.MaxValue, "script \"/path/to/script [ARGS]\""))
                    {
                        var (command, _, rest) = ScriptWords(s);
                        if (command.Trim().Length == 0)
                        {
                            Error(value, $"vrrp_script {name}: the script is empty");
                            break;
                        }

                        if (rest.Count > 0)
                        {
                            // keepalived runs only the first word here; the arguments must be inside the quotes.
                            Warning(rest[0].Location, $"extra words after 'script' ignored: {string.Join(' ', rest)} (keepalived runs only '{command}'; quote the whole command: script \"{command} {string.Join(' ', rest)}\")");
                        }

                        if (SetSetting(check, "script", command, value) is { } setting)
                        {
                            At(check, setting, value);
                        }

                        scriptWritten = true;
                    }

                    break;
                case "interval":
                    if (Arity(s, 1, 1, "interval SECONDS") && Seconds(s, 0, 0.001m, MaxTimerSeconds) is { } interval)
                    {
                        check.Interval = interval;
                        At(check, "interval", value);
                    }

                    break;
                case "timeout":
                    if (Arity(s, 1, 1, "timeout SECONDS") && Seconds(s, 0, 0.001m, MaxTimerSeconds) is { } timeout)
                    {
                        check.Timeout = timeout;
                        timeoutWritten = true;
                        At(check, "timeout", value);
                    }

                    break;
                case "weight":
                    if (Arity(s, 1, 2, "weight -253..253 [reverse]") && Int(s, 0, -253, 253) is { } weight)
                    {
                        check.Weight = weight;
                        At(check, "weight", value);
                        ReverseOption(s, check, $"vrrp_script {name}", ofWeight: true);
                    }

                    break;
                case "rise":
                    if (Arity(s, 1, 1, "rise COUNT") && Int(s, 0, 1, int.MaxValue) is { } rise)
                    {
                        check.Rise = rise;
                        At(check, "rise", value);
                    }

                    break;
                case "fall":
                    if (Arity(s, 1, 1, "fall COUNT") && Int(s, 0, 1, int.MaxValue) is { } fall)
                    {
                        check.Fall = fall;
                        At(check, "fall", value);
                    }

                    break;
                case "user":
                    if (Arity(s, 1, 2, "user USER [GROUP]"))
                    {
                        SetSetting(check, "user", s.Args[0].Text, value);
                        if (s.Args.Count > 1)
                        {
                            SetSetting(check, "user.group", s.Args[1].Text, s.Args[1].Location);
                        }
                    }

                    break;
                case "init_fail":
                    if (Arity(s, 0, 0, "init_fail"))
                    {
                        check.InitiallyHealthy = false;
                        At(check, "initially_healthy", s.Location);
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, $"in vrrp_script {name}", KeepalivedKeywords.Script, []);
                    break;
            }
        }

        // keepalived: no timeout means the interval (vrrp_scheduler.c).
        if (!timeoutWritten)
        {
            check.Timeout = check.Interval;
        }

        if (!scriptWritten)
        {
            Error(block.Location, $"vrrp_script {name} has no 'script' line");
        }
    }

    private void MapTrackProcess(KeepalivedStatement block, string name)
    {
        var check = NewCheck(block, name, "vrrp_track_process");
        var processWritten = false;
        var paramMatchWritten = false;
        (int Value, SourceLocation Where)? quorumSeen = null, quorumMaxSeen = null;
        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            switch (s.Name)
            {
                case "process":
                    if (Arity(s, 1, int.MaxValue, "process NAME [PARAMETERS ...]"))
                    {
                        SetSetting(check, "process", s.Args[0].Text, value);
                        processWritten = true;
                        if (s.Args.Count > 1)
                        {
                            // Parameters mean matching the full command line, exactly unless param_match says otherwise.
                            SetSetting(check, "process.parameters", string.Join(' ', s.Args.Skip(1).Select(a => a.Text)), s.Args[1].Location);
                            if (!paramMatchWritten)
                            {
                                SetSetting(check, "param_match", "exact", value);
                            }

                            SetSetting(check, "full_command", "true", value);
                        }
                    }

                    break;
                case "param_match":
                    if (Arity(s, 0, 1, "param_match [initial|partial]"))
                    {
                        var mode = s.Args.Count == 0 ? "exact" : s.Args[0].Text;
                        if (mode is not ("exact" or "initial" or "partial"))
                        {
                            Error(value, $"param_match '{mode}' is not valid (allowed: initial, partial, or nothing for an exact match)");
                            break;
                        }

                        SetSetting(check, "param_match", mode, value);
                        paramMatchWritten = true;
                        SetSetting(check, "full_command", "true", value);
                    }

                    break;
                case "full_command":
                    if (Arity(s, 0, 0, "full_command"))
                    {
                        SetSetting(check, "full_command", "true", s.Location);
                    }

                    break;
                case "weight":
                    if (Arity(s, 1, 2, "weight -254..254 [reverse]") && Int(s, 0, -254, 254) is { } weight)
                    {
                        check.Weight = weight;
                        At(check, "weight", value);
                        ReverseOption(s, check, $"vrrp_track_process {name}", ofWeight: true);
                    }

                    break;
                case "quorum":
                    if (Arity(s, 1, 1, "quorum 1..65535") && Int(s, 0, 1, 65535) is { } quorum)
                    {
                        SetSetting(check, "quorum", quorum.ToString(CultureInfo.InvariantCulture), value);
                        quorumSeen = (quorum, value);
                    }

                    break;
                case "quorum_max":
                    if (Arity(s, 1, 1, "quorum_max 0..65535") && Int(s, 0, 0, 65535) is { } quorumMax)
                    {
                        SetSetting(check, "quorum_max", quorumMax.ToString(CultureInfo.InvariantCulture), value);
                        quorumMaxSeen = (quorumMax, value);
                    }

                    break;
                case "delay":
                case "terminate_delay":
                case "fork_delay":
                    if (Arity(s, 1, 1, $"{s.Name} SECONDS") && Seconds(s, 0, 0.000001m, 3600) is { } delay)
                    {
                        var seconds = Invariant(delay);
                        if (s.Name != "fork_delay")
                        {
                            SetSetting(check, "terminate_delay", seconds, value);
                        }

                        if (s.Name != "terminate_delay")
                        {
                            SetSetting(check, "fork_delay", seconds, value);
                        }
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, $"in vrrp_track_process {name}", KeepalivedKeywords.TrackProcess, []);
                    break;
            }
        }

        if (quorumSeen is { } q && quorumMaxSeen is { } qm && q.Value > qm.Value)
        {
            Error(qm.Where, $"vrrp_track_process {name}: quorum_max {qm.Value} is less than quorum {q.Value}");
        }

        if (!processWritten)
        {
            Error(block.Location, $"vrrp_track_process {name} has no 'process' line");
        }

        // The process tracker reports on its first scan; until then the process counts as absent.
        check.InitiallyHealthy = false;
    }

    private void MapTrackFile(KeepalivedStatement block, string name)
    {
        var check = NewCheck(block, name, "track_file");
        var fileWritten = false;

        // keepalived: a track_file's weight defaults to 1 (the file's value is multiplied by it).
        check.Weight = 1;
        check.InitiallyHealthy = true;
        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            switch (s.Name)
            {
                case "file":
                    if (Arity(s, 1, 1, "file \"/path/to/file\""))
                    {
                        SetSetting(check, "file", s.Args[0].Text, value);
                        fileWritten = true;
                    }

                    break;
                case "weight":
                    if (Arity(s, 1, 2, "weight N [reverse]") && Int(s, 0, -2147483647, 2147483647) is { } weight)
                    {
                        check.Weight = weight;
                        At(check, "weight", value);
                        ReverseOption(s, check, $"track_file {name}");
                    }

                    break;
                case "init_file":
                    if (Arity(s, 0, 2, "init_file [VALUE] [overwrite]"))
                    {
                        var initial = "0";
                        var overwrite = false;
                        foreach (var a in s.Args)
                        {
                            if (a.Text == "overwrite")
                            {
                                overwrite = true;
                            }
                            else if (long.TryParse(a.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                            {
                                initial = a.Text;
                            }
                            else
                            {
                                Error(a.Location, $"init_file '{a.Text}' is not a number or 'overwrite'");
                            }
                        }

                        SetSetting(check, "init_file", initial, value);
                        if (overwrite)
                        {
                            SetSetting(check, "init_file.overwrite", "true", value);
                        }
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, $"in {block.Name} {name}", KeepalivedKeywords.TrackFile, []);
                    break;
            }
        }

        if (!fileWritten)
        {
            Error(block.Location, $"{block.Name} {name} has no 'file' line");
        }
    }

    /// <summary>
    /// <c>weight W reverse</c>. With <paramref name="ofWeight"/> (vrrp_script, vrrp_track_process) it is keepalived's
    /// weight multiplier of -1, which the tracking instances take over (see <see cref="InheritWeightReverse"/>);
    /// otherwise the check's result is inverted.
    /// </summary>
    private void ReverseOption(KeepalivedStatement s, CheckConfig check, string context, bool ofWeight = false)
    {
        if (s.Args.Count < 2)
        {
            return;
        }

        if (s.Args[1].Text == "reverse" && ofWeight)
        {
            _weightReverse[check] = s.Args[1].Location;
        }
        else if (s.Args[1].Text == "reverse")
        {
            check.Reverse = true;
            At(check, "reverse", s.Args[1].Location);
        }
        else
        {
            Error(s.Args[1].Location, $"{context}: unknown weight option '{s.Args[1].Text}' (allowed: reverse)");
        }
    }
}
