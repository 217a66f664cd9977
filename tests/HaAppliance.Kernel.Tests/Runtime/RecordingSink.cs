using HaAppliance.Abstractions;
using HaAppliance.Kernel.Configuration;
using HaAppliance.Kernel.Runtime;

namespace HaAppliance.Kernel.Tests.Runtime;

internal sealed class RecordingSink : IStateChangeSink
{
    public List<StateChangeEvent> Events { get; } = [];

    public void Publish(StateChangeEvent stateChange, InstanceConfig instance, SyncGroupConfig? group)
    {
        lock (Events)
        {
            Events.Add(stateChange);
        }
    }
}
