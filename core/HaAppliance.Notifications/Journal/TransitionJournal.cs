using System.Text;
using System.Text.Json;

namespace HaAppliance.Notifications.Journal;

/// <summary>
/// The answer to "why did it fail over?": every transition with its cause, as JSON lines in
/// <c>&lt;state-dir&gt;/transitions.jsonl</c>. Appends are flushed to disk (fsync) before returning,
/// so a record survives a crash; a torn last line from a crash mid-write is skipped on read.
/// Append is cheap but does touch the disk: callers on the VRRP event loop use <see cref="TransitionJournalWriter"/>.
/// The file is bounded: past <see cref="MaxBytes"/> it becomes <c>transitions.jsonl.1</c> (replacing the
/// previous one) and a new file starts, so the journal keeps between one and two files' worth of history.
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

    /// <summary>The previous generation, read before <see cref="FilePath"/>.</summary>
    public string PreviousFilePath => FilePath + ".1";

    /// <summary>Size at which the file is rotated; about 40 000 transitions at the default.</summary>
    public long MaxBytes
    {
        get => _maxBytes;
        set => _maxBytes = value >= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBytes), value, "MaxBytes must be at least 1024.");
    }

    private long _maxBytes = 16 * 1024 * 1024;

    /// <summary>Appends one record and flushes it to stable storage.</summary>
    public void Append(TransitionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = JsonSerializer.Serialize(record, JsonOptions) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            Directory.CreateDirectory(StateDirectory);
            RotateIfFull(bytes.Length);
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
        ReadFile(PreviousFilePath, query, result);
        ReadFile(FilePath, query, result);

        // Appends come from one daemon in order, but clocks can step; the timeline is by time.
        return result.OrderBy(r => r.Time).ToList();
    }

    private static void ReadFile(string path, TransitionQuery query, List<TransitionRecord> result)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        using var _ = stream;
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
    }

    private void RotateIfFull(int incoming)
    {
        var info = new FileInfo(FilePath);
        if (info.Exists && info.Length + incoming > _maxBytes)
        {
            File.Move(FilePath, PreviousFilePath, overwrite: true);
        }
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
