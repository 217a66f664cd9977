namespace HaAppliance.Vrrp;

/// <summary>
/// A bounded queue between many producers and one consumer that takes items in batches: an item that does not fit
/// is dropped and counted, and the consumer is told only once that items wait (by <see cref="Add"/> returning true),
/// not once per item. The event loop queues received packets here so a flood can never crowd out its timers.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="capacity">How many items may wait; more are dropped.</param>
public sealed class BatchQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new();
    private readonly List<T> _batch = [];
    private readonly Lock _gate = new();
    private bool _signalled;
    private long _dropped;

    /// <summary>How many items may wait.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    /// <summary>Items dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="item"/>, or drops and counts it when the queue is full. True when the consumer must be
    /// told that items wait: for the first item since its last batch emptied the queue.
    /// </summary>
    public bool Add(T item)
    {
        lock (_gate)
        {
            if (_items.Count >= Capacity)
            {
                _dropped++;
                return false;
            }

            _items.Enqueue(item);
            if (_signalled)
            {
                return false;
            }

            _signalled = true;
            return true;
        }
    }

    /// <summary>
    /// The consumer (one at a time): hands up to <paramref name="max"/> items to <paramref name="handle"/>, outside the
    /// lock. True when items remain: the consumer must come back (it is not told again by <see cref="Add"/>).
    /// </summary>
    public bool TakeBatch(int max, Action<T> handle)
    {
        bool remain;
        lock (_gate)
        {
            while (_batch.Count < max && _items.TryDequeue(out var item))
            {
                _batch.Add(item);
            }

            remain = _signalled = _items.Count > 0;
        }

        try
        {
            foreach (var item in _batch)
            {
                handle(item);
            }
        }
        finally
        {
            _batch.Clear();
        }

        return remain;
    }
}
