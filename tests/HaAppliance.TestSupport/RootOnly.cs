using NUnit.Framework;

namespace HaAppliance.Tests.Support;

/// <summary>Skips a test that needs root, except under CI=true where the skip would hide a failure.</summary>
public static class RootOnly
{
    public static void Require(string why)
    {
        if (Environment.IsPrivilegedProcess)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"needs root ({why}) and CI=true forbids skipping");
        }

        Assert.Ignore($"needs root: {why}");
    }
}
