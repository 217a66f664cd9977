using System.CommandLine;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Cli;

/// <summary><c>haapp events</c>: the transition timeline from the journal — why did it fail over?</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string>("--state-dir") { Description = "State folder of the daemon (holds transitions.jsonl).", DefaultValueFactory = _ => "/var/lib/haapp" };
        var instance = new Option<string?>("--instance") { Description = "Only this VRRP instance or sync group." };
        var since = new Option<string?>("--since") { Description = "Only since this time: ISO 8601 (2026-11-25T19:00Z) or a span back (90s, 15m, 2h, 7d)." };
        var json = new Option<bool>("--json") { Description = "Print the journal records as JSON lines." };
        var command = new Command("events", "Print the timeline of state transitions with their causes.") { stateDir, instance, since, json };
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

            var dir = parse.GetValue(stateDir)!;
            var journal = new TransitionJournal(dir);
            if (!File.Exists(journal.FilePath))
            {
                error.WriteLine($"haapp events: no journal at {journal.FilePath}.");
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
