using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests;

/// <summary>After every test of the run: delete any namespace this run created and a failed teardown left behind.</summary>
[SetUpFixture]
public sealed class RunCleanup
{
    [OneTimeTearDown]
    public void SweepLeftovers()
    {
        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            NetworkLab.Sweep(TestRun.Prefix);
        }
    }
}
