using System.Globalization;

namespace HaAppliance.Plugins.Tests.Process;

/// <summary>A real <c>sleep</c> process with a unique argument so a check matches only this test's processes.</summary>
internal sealed class SleepProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    public SleepProcess(string argument, params string[] prefix)
    {
        var start = new System.Diagnostics.ProcessStartInfo(prefix.Length > 0 ? prefix[0] : "sleep");
        foreach (var arg in prefix.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        if (prefix.Length > 0)
        {
            start.ArgumentList.Add("sleep");
        }

        start.ArgumentList.Add(argument);
        _process = System.Diagnostics.Process.Start(start)!;
    }

    /// <summary>A sleep duration no other process on the machine uses.</summary>
    public static string UniqueArgument() =>
        string.Create(CultureInfo.InvariantCulture, $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(1000, 9999)}");

    public int Id => _process.Id;

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
