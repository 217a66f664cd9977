using HaAppliance.Abstractions;

namespace HaAppliance.Kernel;

/// <summary>
/// What the event loop wants for one instance's VIPs; the <see cref="VipReconciler"/> makes it so, off the loop.
/// </summary>
/// <param name="Held">True: the addresses are to be configured here (Master); false: none of them.</param>
/// <param name="Addresses">The instance's addresses (adverts' and excluded ones). When not held: also removed if present.</param>
/// <param name="Backend">The backend that adds and removes them; null when it could not be created (nothing is done).</param>
/// <param name="BackendType">The backend's plugin type, for log lines.</param>
/// <param name="Device">The instance's interface, for announcements.</param>
/// <param name="Garp">The announcement schedule.</param>
/// <param name="Epoch">Changes whenever the addresses are to be announced anew; announced once per epoch.</param>
/// <param name="Retire">The instance is gone: forget it once its addresses are removed.</param>
internal sealed record VipDesire(
    bool Held,
    IReadOnlyList<VipAddress> Addresses,
    IVipBackend? Backend,
    string BackendType,
    string Device,
    GarpSchedule Garp,
    long Epoch,
    bool Retire = false);
