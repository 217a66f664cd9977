using System.Text;
using System.Text.Json;

namespace HaAppliance.Kernel.Journal;

/// <summary>
/// The answer to "why did it fail over?": every transition with its cause, as JSON lines in
/// <c>&lt;state-dir&gt;/transitions.jsonl</c>. Appends are flushed to disk (fsync) before returning,
/// so a record survives a crash; a torn last line from a crash mid-write is skipped on read.
/// Append is cheap but does touch the disk: callers on the VRRP event loop hand it to a worker.
/// </summary>
public sealed class TransitionJournal
{
    public const string FileName = "transitions.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
    private readonly Lock _gate = new();

    public TransitionJournal(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        StateDirectory = stateDirectory;
        FilePath = Path.Combine(stateDirectory, FileName);
    }

    public string StateDirectory { get; }

    public string FilePath { get; }

    /// <summary>Appends one record and flushes it to stable storage.</summary>
    public void Append(TransitionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = JsonSerializer.Serialize(record, JsonOptions) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            Directory.CreateDirectory(StateDirectory);
            using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            // A crash may have left a torn line without its newline; start on a fresh line so
            // this record is not glued to the fragment and lost with it.
            if (stream.Length > 0 && !EndsWithNewline())
            {
                stream.WriteByte((byte)'\n');
            }

            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Reads the records that match <paramref name="query"/>, oldest first. Lines that do not parse are skipped.</summary>
    public IReadOnlyList<TransitionRecord> Read(TransitionQuery? query = null)
    {
        query ??= TransitionQuery.All;
        var result = new List<TransitionRecord>();
        if (!File.Exists(FilePath))
        {
            return result;
        }

        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            TransitionRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<TransitionRecord>(line, JsonOptions);
            }
            catch (JsonException)
            {
                continue; // torn or foreign line: the journal stays readable
            }

            if (record is not null && record.Instance is not null && query.Matches(record))
            {
                result.Add(record);
            }
        }

        // Appends come from one daemon in order, but clocks can step; the timeline is by time.
        return result.OrderBy(r => r.Time).ToList();
    }

    private bool EndsWithNewline()
    {
        using var probe = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (probe.Length == 0)
        {
            return true;
        }

        probe.Seek(-1, SeekOrigin.End);
        return probe.ReadByte() == '\n';
    }
}
