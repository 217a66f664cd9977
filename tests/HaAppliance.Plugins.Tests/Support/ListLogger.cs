using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Plugins.Tests.Support;

/// <summary>Keeps formatted log lines for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception));
}
