using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>One running instance inside the event loop: its spec, its router, its VIP backend and counters.</summary>
internal sealed class InstanceRuntime
{
    private InstanceSpec _spec = null!;

    public InstanceRuntime(InstanceSpec spec, VirtualRouter router)
    {
        Spec = spec;
        Router = router;
    }

    /// <summary>The instance's settings; setting it refreshes the prepared codec expectation and options.</summary>
    public InstanceSpec Spec
    {
        get => _spec;
        set
        {
            _spec = value;
            Expectation = AdvertWire.Expectation(value);
            EncodeOptions = AdvertWire.EncodeOptions(value);
            SendEndpoints = value.Endpoint.Destinations.Select(d => value.Endpoint with { Destinations = [d] }).ToList();
            Encoded = default;
        }
    }

    public HaAppliance.Vrrp.Packets.VrrpExpectation Expectation { get; private set; } = null!;

    public HaAppliance.Vrrp.Packets.VrrpEncodeOptions EncodeOptions { get; private set; } = null!;

    /// <summary>The endpoint of each destination, for one send each; built once per spec, not per advert.</summary>
    public IReadOnlyList<TransportEndpoint> SendEndpoints { get; private set; } = [];

    /// <summary>The router's last advert action and its codec form, reused while the router repeats the same action.</summary>
    public (RouterAction.SendAdvert? Action, HaAppliance.Vrrp.Advertisement? Advert) Encoded { get; set; }

    /// <summary>The last advert received (its VRRP bytes and sender) and its event, reused while the Master repeats it.</summary>
    public (byte[] Vrrp, System.Net.IPAddress Source, RouterEvent.AdvertReceived Event)? Received { get; set; }

    public VirtualRouter Router { get; set; }

    /// <summary>The VIP backend, created when the instance was added; null when its factory failed (then in Fault).</summary>
    public IVipBackend? Backend { get; set; }

    /// <summary>True while the VIPs are wanted on this node.</summary>
    public bool HoldsVips { get; set; }

    /// <summary>The announcement epoch of the current take (see <see cref="VipDesire.Epoch"/>).</summary>
    public long VipEpoch { get; set; }

    /// <summary>Failing trackers of weight 0 (links, checks, the VIP backend) that hold this instance in Fault.</summary>
    public HashSet<string> FaultCauses { get; } = new(StringComparer.Ordinal);

    /// <summary>False while another member of the sync group holds this one in Fault.</summary>
    public bool SyncHealthy { get; set; } = true;

    /// <summary>What changed locally (a check, a link, the priority) since the last state change.</summary>
    public string? PendingCause { get; set; }

    /// <summary>Exceptions contained on the loop for this instance (plugins, factories, handlers).</summary>
    public long Errors { get; set; }

    /// <summary>Wall time of the last state change, for status output.</summary>
    public DateTimeOffset? LastTransition { get; set; }

    /// <summary>The last result of each tracked check (after rise/fall), by check name.</summary>
    public Dictionary<string, bool> CheckStates { get; } = new(StringComparer.Ordinal);

    public (int IfIndex, HaAppliance.Vrrp.IpFamily Family, byte Vrid) Key => (Spec.Endpoint.IfIndex, Spec.Endpoint.Family, Spec.Router.Vrid);
}
