using HaAppliance.Abstractions;
using HaAppliance.Kernel;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Tests.Support;

/// <summary>A state-change sink that keeps every event, for assertions.</summary>
public sealed class RecordingSink : IStateChangeSink
{
    public List<StateChangeEvent> Events { get; } = [];

    public void Publish(StateChangeEvent stateChange)
    {
        lock (Events)
        {
            Events.Add(stateChange);
        }
    }

    /// <summary>Every address list difference the engine reported, with the instance and its state then.</summary>
    public List<(string Instance, VrrpState State, RouterAction.AddressListDiffers Difference)> AddressLists { get; } = [];

    public void AddressListDiffers(DateTimeOffset time, string node, string instance, VrrpState state, RouterAction.AddressListDiffers difference)
    {
        lock (AddressLists)
        {
            AddressLists.Add((instance, state, difference));
        }
    }
}
