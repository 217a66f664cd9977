namespace HaAppliance.Plugins.Tests.Support;

/// <summary>Waits for something outside the test's control (a process, a file) with a generous bound.</summary>
internal static class Wait
{
    public static async Task Until(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
