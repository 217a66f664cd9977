using HaAppliance.Hosting;

namespace HaAppliance.Cli;

/// <summary>
/// Hands SIGTERM/SIGINT (stop) and SIGHUP (reload) to the daemon; those that arrive before it exists are kept and
/// handed on when it is attached (the daemon itself keeps them until its engine exists or start-up is complete).
/// </summary>
internal sealed class SignalRelay
{
    private readonly Lock _gate = new();
    private Daemon? _daemon;
    private bool _stop;
    private bool _reload;

    /// <summary>Stop now, or as soon as a daemon is attached.</summary>
    public void Stop()
    {
        if (Target(ref _stop) is { } daemon)
        {
            _ = daemon.StopAsync();
        }
    }

    /// <summary>Reload now, or once a daemon is attached.</summary>
    public void Reload()
    {
        if (Target(ref _reload) is { } daemon)
        {
            _ = daemon.ReloadAsync();
        }
    }

    /// <summary>From now on signals go to <paramref name="daemon"/>; those kept so far go first.</summary>
    public void Attach(Daemon daemon)
    {
        bool stop, reload;
        lock (_gate)
        {
            _daemon = daemon;
            (stop, reload) = (_stop, _reload);
        }

        if (stop)
        {
            _ = daemon.StopAsync();
        }
        else if (reload)
        {
            _ = daemon.ReloadAsync();
        }
    }

    private Daemon? Target(ref bool pending)
    {
        lock (_gate)
        {
            pending |= _daemon is null;
            return _daemon;
        }
    }
}
