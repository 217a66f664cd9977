namespace HaAppliance.Integration.Tests.Harness;

/// <summary>Gate for tests that need root: skip with a reason, except on CI where skipping would hide a failure.</summary>
internal static class Root
{
    public static void Require()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        string? reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "network namespaces need Linux";
        }
        else if (NativeMethods.GetEuid() != 0)
        {
            reason = "network namespace tests need root (they create namespaces, veth links and raw sockets)";
        }
        else if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
        {
            reason = "the ip command (iproute2) is not installed";
        }
        if (reason is null)
        {
            return;
        }
        if (ci)
        {
            Assert.Fail($"CI=true but {reason}.");
        }
        Assert.Ignore(reason);
    }
}
