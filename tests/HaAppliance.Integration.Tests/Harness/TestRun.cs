namespace HaAppliance.Integration.Tests.Harness;

/// <summary>Names for this test run: every namespace starts with <see cref="Prefix"/>, so leftovers can be swept.</summary>
internal static class TestRun
{
    private static int _counter;

    /// <summary><c>ha-</c> and six random hex digits, fixed for the process.</summary>
    public static string Prefix { get; } = "ha-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A fresh name under the run prefix, e.g. <c>ha-1a2b3c-4</c>.</summary>
    public static string NextName() => $"{Prefix}-{Interlocked.Increment(ref _counter)}";
}
