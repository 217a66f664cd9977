namespace HaAppliance.Kernel.Tracking;

/// <summary>
/// keepalived's rise/fall hysteresis for one check: <c>rise</c> consecutive successes turn a failed check
/// healthy, <c>fall</c> consecutive failures turn a healthy one failed. Not thread-safe; callers lock.
/// </summary>
public sealed class TrackerState
{
    private readonly int _rise;
    private readonly int _fall;
    private int _successes;
    private int _failures;

    /// <summary>Creates the state.</summary>
    /// <param name="rise">Successes needed to become healthy (at least 1).</param>
    /// <param name="fall">Failures needed to become failed (at least 1).</param>
    /// <param name="initiallyHealthy">The state before any result.</param>
    public TrackerState(int rise, int fall, bool initiallyHealthy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
        _rise = rise;
        _fall = fall;
        Healthy = initiallyHealthy;
    }

    /// <summary>The current state.</summary>
    public bool Healthy { get; private set; }

    /// <summary>Number of results applied so far.</summary>
    public long Results { get; private set; }

    /// <summary>Counts one result; returns true when it changed <see cref="Healthy"/>.</summary>
    public bool Apply(bool success)
    {
        Results++;
        if (success)
        {
            _failures = 0;
            _successes = Math.Min(_successes + 1, _rise);
            if (!Healthy && _successes >= _rise)
            {
                Healthy = true;
                return true;
            }
        }
        else
        {
            _successes = 0;
            _failures = Math.Min(_failures + 1, _fall);
            if (Healthy && _failures >= _fall)
            {
                Healthy = false;
                return true;
            }
        }

        return false;
    }
}
