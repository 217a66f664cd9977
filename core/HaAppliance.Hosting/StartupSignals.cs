namespace HaAppliance.Hosting;

/// <summary>
/// Stop and reload requests (SIGTERM, SIGHUP, the control socket) that arrive while the daemon is still starting:
/// a stop before the engine exists is kept and acted on as soon as it does (a clean stop); a reload before start-up
/// is complete is kept and run once it is. Thread-safe: signal handlers call in from other threads.
/// </summary>
internal sealed class StartupSignals
{
    private readonly Lock _gate = new();
    private bool _engineCreated;
    private bool _started;
    private bool _stop;
    private bool _reload;

    /// <summary>A stop was requested before the engine existed.</summary>
    public bool StopRequested
    {
        get
        {
            lock (_gate)
            {
                return _stop;
            }
        }
    }

    /// <summary>True (and the stop kept) when there is no engine to stop yet.</summary>
    public bool DeferStop()
    {
        lock (_gate)
        {
            _stop |= !_engineCreated;
            return !_engineCreated;
        }
    }

    /// <summary>True (and the reload kept) when start-up is not complete yet.</summary>
    public bool DeferReload()
    {
        lock (_gate)
        {
            _reload |= !_started;
            return !_started;
        }
    }

    /// <summary>The engine exists (call after it is assigned); true when a stop came before it.</summary>
    public bool EngineCreated()
    {
        lock (_gate)
        {
            _engineCreated = true;
            return _stop;
        }
    }

    /// <summary>Start-up is complete; true when a reload came before.</summary>
    public bool Started()
    {
        lock (_gate)
        {
            _started = true;
            return _reload;
        }
    }
}
