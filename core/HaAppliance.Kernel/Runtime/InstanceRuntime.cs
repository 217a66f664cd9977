using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Runtime;

/// <summary>One running instance inside the event loop: its spec, its router, its VIP worker and counters.</summary>
internal sealed class InstanceRuntime
{
    public InstanceRuntime(InstanceSpec spec, VirtualRouter router, VipWorker vips)
    {
        Spec = spec;
        Router = router;
        Vips = vips;
    }

    public InstanceSpec Spec { get; set; }

    public VirtualRouter Router { get; set; }

    public VipWorker Vips { get; }

    /// <summary>True while the VIPs are (being) configured on this node.</summary>
    public bool HoldsVips { get; set; }

    public long AdvertsSent { get; set; }

    public long AdvertsReceived { get; set; }

    public Dictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

    public (int IfIndex, HaAppliance.Vrrp.IpFamily Family, byte Vrid) Key => (Spec.Endpoint.IfIndex, Spec.Endpoint.Family, Spec.Router.Vrid);

    public void CountRejection(string reason) => Rejected[reason] = Rejected.TryGetValue(reason, out var n) ? n + 1 : 1;
}
