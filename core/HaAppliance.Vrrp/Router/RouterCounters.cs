namespace HaAppliance.Vrrp.Router;

/// <summary>Per-router statistics, read by the control socket and metrics.</summary>
public sealed class RouterCounters
{
    private readonly Dictionary<AdvertRejection, long> _rejections = [];

    /// <summary>Adverts delivered to the router, accepted or not.</summary>
    public long AdvertsReceived { get; private set; }

    /// <summary>Adverts the router asked the host to send.</summary>
    public long AdvertsSent { get; private set; }

    /// <summary>Priority 0 adverts received.</summary>
    public long PriorityZeroReceived { get; private set; }

    /// <summary>Priority 0 adverts sent (shutdown, entering Fault).</summary>
    public long PriorityZeroSent { get; private set; }

    /// <summary>Transitions into Master.</summary>
    public long BecameMaster { get; private set; }

    /// <summary>Transitions out of Master.</summary>
    public long ReleasedMaster { get; private set; }

    /// <summary>Discarded adverts by reason.</summary>
    public IReadOnlyDictionary<AdvertRejection, long> Rejections => _rejections;

    /// <summary>Discarded adverts of all reasons.</summary>
    public long RejectedTotal => _rejections.Values.Sum();

    internal void Received(byte priority)
    {
        AdvertsReceived++;
        if (priority == VrrpTimers.StopPriority)
        {
            PriorityZeroReceived++;
        }
    }

    internal void Sent(byte priority)
    {
        AdvertsSent++;
        if (priority == VrrpTimers.StopPriority)
        {
            PriorityZeroSent++;
        }
    }

    internal void Rejected(AdvertRejection reason) =>
        _rejections[reason] = _rejections.GetValueOrDefault(reason) + 1;

    internal void EnteredMaster() => BecameMaster++;

    internal void LeftMaster() => ReleasedMaster++;
}
