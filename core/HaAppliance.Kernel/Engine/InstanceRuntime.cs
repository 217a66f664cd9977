using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>One running instance inside the event loop: its spec, its router, its VIP worker and counters.</summary>
internal sealed class InstanceRuntime
{
    private InstanceSpec _spec = null!;

    public InstanceRuntime(InstanceSpec spec, VirtualRouter router, VipWorker vips)
    {
        Spec = spec;
        Router = router;
        Vips = vips;
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
        }
    }

    public HaAppliance.Vrrp.Packets.VrrpExpectation Expectation { get; private set; } = null!;

    public HaAppliance.Vrrp.Packets.VrrpEncodeOptions EncodeOptions { get; private set; } = null!;

    public VirtualRouter Router { get; set; }

    public VipWorker Vips { get; }

    /// <summary>The VIPs before the last in-place reconfiguration (to remove the ones that went).</summary>
    public IReadOnlyList<HaAppliance.Abstractions.VipAddress> PreviousVips { get; set; } = [];

    /// <summary>True while the VIPs are (being) configured on this node.</summary>
    public bool HoldsVips { get; set; }

    /// <summary>Failing trackers of weight 0 (links, checks) that hold this instance in Fault.</summary>
    public HashSet<string> FaultCauses { get; } = new(StringComparer.Ordinal);

    /// <summary>False while another member of the sync group holds this one in Fault.</summary>
    public bool SyncHealthy { get; set; } = true;

    /// <summary>What changed locally (a check, a link, the priority) since the last state change.</summary>
    public string? PendingCause { get; set; }

    private int _vipEpoch;

    /// <summary>Changes on every take and release; the VIP worker announces only for the current one.</summary>
    public int VipEpoch => Volatile.Read(ref _vipEpoch);

    public int NextVipEpoch() => Interlocked.Increment(ref _vipEpoch);

    public (int IfIndex, HaAppliance.Vrrp.IpFamily Family, byte Vrid) Key => (Spec.Endpoint.IfIndex, Spec.Endpoint.Family, Spec.Router.Vrid);
}
