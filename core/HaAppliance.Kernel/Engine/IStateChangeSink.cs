using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>
/// Receives every state transition from the event loop: notify scripts, notifiers, the journal.
/// Implementations enqueue and return at once; nothing slow may run on the loop.
/// </summary>
public interface IStateChangeSink
{
    void Publish(StateChangeEvent stateChange);

    /// <summary>A peer's address list differs from ours (once per change of the difference): journal only, no notifier or script.</summary>
    void AddressListDiffers(DateTimeOffset time, string node, string instance, VrrpState state, RouterAction.AddressListDiffers difference) { }
}

/// <summary>A sink that drops everything (tests, demo without notifications).</summary>
public sealed class NullStateChangeSink : IStateChangeSink
{
    public static readonly NullStateChangeSink Instance = new();

    public void Publish(StateChangeEvent stateChange)
    {
    }
}
