using HaAppliance.Abstractions;
using HaAppliance.Kernel;

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
}
