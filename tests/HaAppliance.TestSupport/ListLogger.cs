using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Tests.Support;

/// <summary>A logger that keeps every formatted line (with its level and exception) for assertions; thread-safe.</summary>
public class ListLogger : ILogger
{
    /// <summary>Everything logged, in order.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    /// <summary>The formatted messages, in order.</summary>
    public IReadOnlyList<string> Messages => Entries.Select(e => e.Message).ToList();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}

/// <summary>A <see cref="ListLogger"/> for code that asks for an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class ListLogger<T> : ListLogger, ILogger<T>;
