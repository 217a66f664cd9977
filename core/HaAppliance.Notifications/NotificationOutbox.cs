using System.Globalization;
using System.Text;
using System.Text.Json;
using HaAppliance.Abstractions;
using HaAppliance.Notifications.Interop;

namespace HaAppliance.Notifications;

/// <summary>
/// The durable outbox: one file per event per target under <c>&lt;state-dir&gt;/outbox/&lt;target&gt;/</c>,
/// named by a zero-padded sequence number so a directory listing is delivery order. Each file is
/// written to a temporary name, fsynced, renamed and the folder fsynced, so after a crash (even
/// kill -9 or power loss) an event is either wholly pending or absent — never half written.
/// Delivered events are deleted; events that kept failing move to <c>dead-letter.jsonl</c>.
/// Thread-safe.
/// </summary>
public sealed class NotificationOutbox
{
    public const string DeadLetterFileName = "dead-letter.jsonl";

    /// <summary>Holds the number of dead letters dropped from the target's capped dead-letter file, in total.</summary>
    public const string DroppedFileName = "dead-letter.dropped";

    /// <summary>Default cap of one target's dead-letter file.</summary>
    public const long DefaultMaxDeadLetterBytes = 1024 * 1024;
    private const string Extension = ".json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _nextSequence = new(StringComparer.Ordinal);
    // Pending counts per target, counted from disk once and then kept: listing a large folder per event is O(n²).
    private readonly Dictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly long _maxDeadLetterBytes = DefaultMaxDeadLetterBytes;

    public NotificationOutbox(string stateDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        Root = Path.Combine(stateDirectory, "outbox");
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The folder holding one sub-folder per target.</summary>
    public string Root { get; }

    /// <summary>
    /// Cap of each target's dead-letter file. Past it the oldest dead letters are dropped (down to three quarters of
    /// the cap, so the file is not rewritten at every new one) and counted in <see cref="DeadLettersDropped"/>.
    /// </summary>
    public long MaxDeadLetterBytes
    {
        get => _maxDeadLetterBytes;
        init => _maxDeadLetterBytes = value >= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDeadLetterBytes), value, "MaxDeadLetterBytes must be at least 1024.");
    }

    public string TargetDirectory(string target)
    {
        if (!NotificationTarget.IsValidName(target))
        {
            throw new ArgumentException($"Notification target name '{target}' may only contain letters, digits, '-', '_' and '.'.", nameof(target));
        }

        return Path.Combine(Root, target);
    }

    /// <summary>Stores an event for <paramref name="target"/> durably; returns once it is on stable storage.</summary>
    public OutboxEntry Enqueue(string target, StateChangeEvent stateChange)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        var dir = TargetDirectory(target);
        lock (_gate)
        {
            Directory.CreateDirectory(dir);
            var before = CountLocked(target, dir);
            var sequence = NextSequence(target, dir);
            var entry = new OutboxEntry(target, sequence, stateChange, _timeProvider.GetUtcNow());
            var final = Path.Combine(dir, FileName(sequence));
            var temp = Path.Combine(dir, "." + FileName(sequence) + ".tmp");
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, new StoredEntry(stateChange, entry.Enqueued), JsonOptions);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: false);
            Libc.FSyncDirectory(dir);
            _pending[target] = before + 1;
            return entry;
        }
    }

    /// <summary>Number of events waiting for <paramref name="target"/>.</summary>
    public int PendingCount(string target)
    {
        var dir = TargetDirectory(target);
        lock (_gate)
        {
            return CountLocked(target, dir);
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> pending events for <paramref name="target"/>, oldest first, after
    /// <paramref name="afterSequence"/>. Files that cannot be read (a foreign file, a disk error) are
    /// moved to the dead-letter file rather than blocking the queue forever.
    /// </summary>
    public IReadOnlyList<OutboxEntry> Pending(string target, int max = int.MaxValue, long afterSequence = -1)
    {
        var dir = TargetDirectory(target);
        var result = new List<OutboxEntry>();
        if (!Directory.Exists(dir))
        {
            return result;
        }

        var files = Directory.EnumerateFiles(dir, "*" + Extension)
            .Select(p => (Path: p, Sequence: ParseSequence(p)))
            .Where(f => f.Sequence > afterSequence)
            .OrderBy(f => f.Sequence);
        foreach (var (path, sequence) in files)
        {
            if (result.Count >= max)
            {
                break;
            }

            StoredEntry? stored;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stored = JsonSerializer.Deserialize<StoredEntry>(stream, JsonOptions);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                SetAsideUnreadable(target, path, sequence, ex.Message);
                continue;
            }

            if (stored?.Event is null)
            {
                SetAsideUnreadable(target, path, sequence, "empty entry");
                continue;
            }

            result.Add(new OutboxEntry(target, sequence, stored.Event, stored.Enqueued));
        }

        return result;
    }

    /// <summary>
    /// Failed attempts recorded for an entry in earlier runs, so the dead-letter limit holds across
    /// restarts instead of starting over at every start.
    /// </summary>
    public int PriorAttempts(OutboxEntry entry)
    {
        var path = AttemptsPath(entry);
        try
        {
            return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Records how many attempts an entry has used (best effort: no fsync, it only bounds retries).</summary>
    public void RecordAttempts(OutboxEntry entry, int attempts)
    {
        try
        {
            File.WriteAllText(AttemptsPath(entry), attempts.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Removes a delivered event.</summary>
    public void Complete(OutboxEntry entry)
    {
        var dir = TargetDirectory(entry.Target);
        lock (_gate)
        {
            Remove(entry.Target, Path.Combine(dir, FileName(entry.Sequence)));
            Libc.FSyncDirectory(dir);
        }
    }

    /// <summary>Moves an event that kept failing to the target's dead-letter file.</summary>
    public DeadLetter DeadLetter(OutboxEntry entry, int attempts, string error) => DeadLetter(entry, attempts, error, out _);

    /// <summary>
    /// Moves an event that kept failing to the target's dead-letter file; <paramref name="dropped"/> is the number of
    /// oldest dead letters dropped to keep the file under <see cref="MaxDeadLetterBytes"/> (usually 0).
    /// </summary>
    public DeadLetter DeadLetter(OutboxEntry entry, int attempts, string error, out int dropped)
    {
        var letter = new DeadLetter(entry.Target, entry.Sequence, entry.Event, attempts, error, _timeProvider.GetUtcNow());
        var dir = TargetDirectory(entry.Target);
        lock (_gate)
        {
            Directory.CreateDirectory(dir);
            AppendDeadLetter(dir, letter);
            dropped = TrimDeadLetters(dir);
            Remove(entry.Target, Path.Combine(dir, FileName(entry.Sequence)));
            Libc.FSyncDirectory(dir);
        }

        return letter;
    }

    /// <summary>Dead letters of <paramref name="target"/> dropped so far because its dead-letter file reached its cap.</summary>
    public long DeadLettersDropped(string target)
    {
        var path = Path.Combine(TargetDirectory(target), DroppedFileName);
        try
        {
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Events set aside for <paramref name="target"/>, oldest first.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters(string target)
    {
        var path = Path.Combine(TargetDirectory(target), DeadLetterFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var result = new List<DeadLetter>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<DeadLetter>(line, JsonOptions) is { } letter)
                {
                    result.Add(letter);
                }
            }
            catch (JsonException)
            {
                // a torn last line after a crash; the rest stays readable
            }
        }

        return result;
    }

    private void SetAsideUnreadable(string target, string path, long sequence, string error)
    {
        var dir = TargetDirectory(target);
        lock (_gate)
        {
            var line = JsonSerializer.Serialize(new { target, sequence, error = "unreadable outbox entry: " + error, file = Path.GetFileName(path) }, JsonOptions);
            File.AppendAllText(Path.Combine(dir, DeadLetterFileName), line + "\n");
            _ = TrimDeadLetters(dir);
            if (File.Exists(path))
            {
                File.Move(path, path + ".unreadable", overwrite: true);
                _pending.Remove(target); // recount from disk next time
            }
        }
    }

    private static void AppendDeadLetter(string dir, DeadLetter letter)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(letter, JsonOptions) + "\n");
        using var stream = new FileStream(Path.Combine(dir, DeadLetterFileName), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    // Called under _gate. Keeps the newest lines that fit in three quarters of the cap; the rewrite is atomic
    // (temporary file, fsync, rename) so a crash leaves the old file or the trimmed one, and the count is kept.
    private int TrimDeadLetters(string dir)
    {
        var path = Path.Combine(dir, DeadLetterFileName);
        if (new FileInfo(path).Length <= MaxDeadLetterBytes)
        {
            return 0;
        }

        var lines = File.ReadAllLines(path);
        var keep = MaxDeadLetterBytes * 3 / 4;
        long size = 0;
        var first = lines.Length;
        while (first > 0 && size + Encoding.UTF8.GetByteCount(lines[first - 1]) + 1 <= keep)
        {
            first--;
            size += Encoding.UTF8.GetByteCount(lines[first]) + 1;
        }

        var dropped = lines.Take(first).Count(l => l.Length > 0);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Skip(first).Select(l => l + "\n"))));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        var total = DeadLettersDropped(Path.GetFileName(dir)) + dropped;
        File.WriteAllText(Path.Combine(dir, DroppedFileName), total.ToString(CultureInfo.InvariantCulture));
        Libc.FSyncDirectory(dir);
        return dropped;
    }

    private long NextSequence(string target, string dir)
    {
        if (!_nextSequence.TryGetValue(target, out var next))
        {
            // After a restart continue above everything still pending, so order survives the restart.
            next = Directory.EnumerateFiles(dir, "*" + Extension).Select(ParseSequence).DefaultIfEmpty(-1).Max() + 1;
        }

        _nextSequence[target] = next + 1;
        return next;
    }

    private static bool IsEntryFile(string path) => ParseSequence(path) >= 0;

    private int CountLocked(string target, string dir)
    {
        if (!_pending.TryGetValue(target, out var count))
        {
            count = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*" + Extension).Count(IsEntryFile) : 0;
            _pending[target] = count;
        }

        return count;
    }

    private string AttemptsPath(OutboxEntry entry) =>
        Path.Combine(TargetDirectory(entry.Target), entry.Sequence.ToString("D20", CultureInfo.InvariantCulture) + ".attempts");

    private void Remove(string target, string path)
    {
        File.Delete(Path.ChangeExtension(path, ".attempts"));
        if (File.Exists(path))
        {
            File.Delete(path);
            if (_pending.TryGetValue(target, out var count))
            {
                _pending[target] = Math.Max(0, count - 1);
            }
        }
    }

    private static long ParseSequence(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
    }

    private static string FileName(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    private sealed record StoredEntry(StateChangeEvent Event, DateTimeOffset Enqueued);
}
