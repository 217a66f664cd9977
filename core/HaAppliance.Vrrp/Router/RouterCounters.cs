using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Router;

/// <summary>
/// Per-router statistics, read by the control socket and metrics: the one set of VRRP counters. The router counts
/// the protocol events it sees; the host that decodes and sends for it adds what happens before a packet becomes an
/// advert (<see cref="PacketRejected"/>) and after the router asked for a send (<see cref="SendFailed"/>).
/// </summary>
public sealed class RouterCounters
{
    private readonly Dictionary<AdvertRejection, long> _rejections = [];
    private readonly Dictionary<VrrpRejectReason, long> _packetRejections = [];

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

    /// <summary>Sends the router asked for that the host could not perform (counted in <see cref="AdvertsSent"/> too).</summary>
    public long SendFailures { get; private set; }

    /// <summary>
    /// Adverts accepted although their address list differs from ours (RFC 9568 §7.1 makes the check a MAY): config
    /// drift between nodes, as in the middle of a rolling change. keepalived counts these as addr_list_err.
    /// </summary>
    public long AddressListMismatches { get; private set; }

    /// <summary>
    /// Immediate answers a Master did not send to lower priority or priority 0 adverts, because the sender (or all
    /// senders together) had already been answered within the advert interval: a flood is not amplified.
    /// </summary>
    public long AnswersSuppressed { get; private set; }

    /// <summary>Adverts the router discarded, by reason.</summary>
    public IReadOnlyDictionary<AdvertRejection, long> Rejections => _rejections;

    /// <summary>Packets for this router's VRID that the codec refused before they became adverts, by reason.</summary>
    public IReadOnlyDictionary<VrrpRejectReason, long> PacketRejections => _packetRejections;

    /// <summary>Discarded adverts and refused packets of all reasons.</summary>
    public long RejectedTotal => _rejections.Values.Sum() + _packetRejections.Values.Sum();

    /// <summary>
    /// Every discard by reason name (<see cref="VrrpRejectReason"/> and <see cref="AdvertRejection"/> names; the few
    /// names both use mean the same thing and are added up), for status output.
    /// </summary>
    public IReadOnlyDictionary<string, long> RejectionsByName()
    {
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in _packetRejections)
        {
            byName[reason.ToString()] = byName.GetValueOrDefault(reason.ToString()) + count;
        }

        foreach (var (reason, count) in _rejections)
        {
            byName[reason.ToString()] = byName.GetValueOrDefault(reason.ToString()) + count;
        }

        return byName;
    }

    /// <summary>The host refused a packet addressed to this router before decoding it into an advert.</summary>
    public void PacketRejected(VrrpRejectReason reason) =>
        _packetRejections[reason] = _packetRejections.GetValueOrDefault(reason) + 1;

    /// <summary>The host could not send an advert this router asked for.</summary>
    public void SendFailed() => SendFailures++;

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

    internal void AddressListMismatch() => AddressListMismatches++;

    internal void AnswerSuppressed() => AnswersSuppressed++;

    internal void EnteredMaster() => BecameMaster++;

    internal void LeftMaster() => ReleasedMaster++;
}
