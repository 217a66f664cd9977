using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Tests.Plugins;

public sealed class TestNotifier : INotifier
{
    public Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken) => Task.CompletedTask;
}
