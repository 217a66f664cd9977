namespace HaAppliance.Vrrp.Router;

/// <summary>
/// The event loop's timers for many routers: one binary min-heap of monotonic deadlines (see
/// <see cref="MonotonicClock"/>) with each item's position indexed, so arming, moving and disarming a router's
/// deadline is O(log n) and finding the next one is O(1), where a scan of every router is O(n) per tick.
/// Equal deadlines come out in the order they were set. Nothing is allocated once the queue has grown to its
/// size. Not thread-safe: the loop owns it.
/// </summary>
/// <typeparam name="T">The items (routers, instances); compared by reference.</typeparam>
public sealed class DeadlineQueue<T>
    where T : class
{
    private readonly Dictionary<T, int> _positions = new(ReferenceEqualityComparer.Instance);
    private Entry[] _heap = new Entry[16];
    private readonly List<(T Item, TimeSpan Deadline)> _held = [];
    private long _sequence;

    /// <summary>How many items have a deadline.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Arms <paramref name="item"/> for <paramref name="deadline"/>, moves it if it was armed for another deadline,
    /// or disarms it when <paramref name="deadline"/> is null. Setting the deadline it already has changes nothing.
    /// </summary>
    public void Set(T item, TimeSpan? deadline)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (deadline is not { } due)
        {
            Remove(item);
            return;
        }

        if (_positions.TryGetValue(item, out var at))
        {
            if (_heap[at].Deadline == due)
            {
                return;
            }

            var earlier = due < _heap[at].Deadline;
            _heap[at] = new Entry(item, due, _sequence++);
            if (earlier)
            {
                Up(at);
            }
            else
            {
                Down(at);
            }

            return;
        }

        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[Count] = new Entry(item, due, _sequence++);
        _positions[item] = Count;
        Count++;
        Up(Count - 1);
    }

    /// <summary>Disarms <paramref name="item"/>; false when it had no deadline.</summary>
    public bool Remove(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_positions.Remove(item, out var at))
        {
            return false;
        }

        Count--;
        if (at == Count)
        {
            _heap[Count] = default;
            return true;
        }

        var last = _heap[Count];
        _heap[Count] = default;
        Place(at, last);
        if (at > 0 && Before(last, _heap[(at - 1) / 2]))
        {
            Up(at);
        }
        else
        {
            Down(at);
        }

        return true;
    }

    /// <summary>The deadline <paramref name="item"/> is armed for, or null.</summary>
    public TimeSpan? DeadlineOf(T item) => _positions.TryGetValue(item, out var at) ? _heap[at].Deadline : null;

    /// <summary>The earliest deadline, or null when nothing is armed.</summary>
    public TimeSpan? Next => Count == 0 ? null : _heap[0].Deadline;

    /// <summary>
    /// Takes every item whose deadline is at or before <paramref name="now"/> out of the queue, earliest first, into
    /// <paramref name="due"/> (which is cleared first); the caller arms them again once they have run. Returns how many.
    /// </summary>
    public int TakeDue(TimeSpan now, List<T> due)
    {
        TakeDue(now, due, null);
        return due.Count;
    }

    /// <summary>
    /// As <see cref="TakeDue(TimeSpan, List{T})"/>, except that a due item for which <paramref name="hold"/> (when
    /// given) is true is not taken: it stays armed for its deadline, in its order. Returns how many were held.
    /// </summary>
    public int TakeDue(TimeSpan now, List<T> due, Func<T, bool>? hold)
    {
        ArgumentNullException.ThrowIfNull(due);
        due.Clear();
        while (Count > 0 && _heap[0].Deadline <= now)
        {
            var (item, deadline) = (_heap[0].Item, _heap[0].Deadline);
            Remove(item);
            if (hold?.Invoke(item) == true)
            {
                _held.Add((item, deadline));
            }
            else
            {
                due.Add(item);
            }
        }

        foreach (var (item, deadline) in _held)
        {
            Set(item, deadline);
        }

        var held = _held.Count;
        _held.Clear();
        return held;
    }

    private static bool Before(in Entry a, in Entry b) => a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);

    private void Place(int at, Entry entry)
    {
        _heap[at] = entry;
        _positions[entry.Item] = at;
    }

    private void Up(int at)
    {
        var entry = _heap[at];
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Before(entry, _heap[parent]))
            {
                break;
            }

            Place(at, _heap[parent]);
            at = parent;
        }

        Place(at, entry);
    }

    private void Down(int at)
    {
        var entry = _heap[at];
        while (true)
        {
            var child = (2 * at) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Before(_heap[child], entry))
            {
                break;
            }

            Place(at, _heap[child]);
            at = child;
        }

        Place(at, entry);
    }

    private readonly record struct Entry(T Item, TimeSpan Deadline, long Sequence);
}
