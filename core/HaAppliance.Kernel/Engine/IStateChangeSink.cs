using HaAppliance.Abstractions;

namespace HaAppliance.Kernel;

/// <summary>
/// Receives every state transition from the event loop: notify scripts, notifiers, the journal.
/// Implementations enqueue and return at once; nothing slow may run on the loop.
/// </summary>
public interface IStateChangeSink
{
    void Publish(StateChangeEvent stateChange);
}

/// <summary>A sink that drops everything (tests, demo without notifications).</summary>
public sealed class NullStateChangeSink : IStateChangeSink
{
    public static readonly NullStateChangeSink Instance = new();

    public void Publish(StateChangeEvent stateChange)
    {
    }
}
