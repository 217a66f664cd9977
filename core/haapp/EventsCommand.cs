using System.CommandLine;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp events</c>: the transition timeline from the journal — why did it fail over? The journal is in
/// <c>--state-dir</c>, else the <c>state_dir</c> of the configuration given with <c>-c</c>, else <c>/var/lib/haapp</c>.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir") { Description = $"State folder of the daemon (holds transitions.jsonl). Default: the -c configuration's state_dir, else {new HaAppliance.Config.GlobalConfig().StateDir}." };
        var config = new Option<string?>("--config", "-c") { Description = "The daemon's configuration: its state_dir is used." };
        var instance = new Option<string?>("--instance") { Description = "Only this VRRP instance or sync group." };
        var since = new Option<string?>("--since") { Description = "Only since this time: ISO 8601 (2026-11-25T19:00Z) or a span back (90s, 15m, 2h, 7d)." };
        var json = new Option<bool>("--json") { Description = "Print the journal records as JSON lines." };
        var command = new Command("events", "Print the timeline of state transitions with their causes.") { stateDir, config, instance, since, json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            DateTimeOffset? sinceTime = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!TransitionTimeline.TryParseSince(text, DateTimeOffset.UtcNow, out var t))
                {
                    error.WriteLine($"haapp events: --since '{text}' is neither a time (2026-11-25T19:00Z) nor a span (15m, 2h, 7d).");
                    return 2;
                }

                sinceTime = t;
            }

            var dir = parse.GetValue(stateDir);
            var configPath = parse.GetValue(config);
            if (dir is null)
            {
                var global = configPath is not null ? DaemonConfig.ReadGlobals("events", configPath, error) : new HaAppliance.Config.GlobalConfig();
                if (global is null)
                {
                    return 1;
                }

                dir = global.StateDir;
            }

            var journal = new TransitionJournal(dir);
            if (!File.Exists(journal.FilePath))
            {
                var from = parse.GetValue(stateDir) is not null ? "--state-dir" : configPath is not null ? $"state_dir of {configPath}" : "the default state folder";
                error.WriteLine($"haapp events: no journal at {journal.FilePath} ({from}). " +
                                "Point it at the daemon's state folder with --state-dir DIR, or at its configuration with -c FILE (its state_dir).");
                return 1;
            }

            IReadOnlyList<TransitionRecord> records;
            try
            {
                records = journal.Read(new TransitionQuery(parse.GetValue(instance), sinceTime));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"haapp events: cannot read {journal.FilePath}: {ex.Message}");
                return 1;
            }

            foreach (var record in records)
            {
                output.WriteLine(parse.GetValue(json)
                    ? System.Text.Json.JsonSerializer.Serialize(record)
                    : TransitionTimeline.FormatLine(record));
            }

            return 0;
        });
        return command;
    }
}
