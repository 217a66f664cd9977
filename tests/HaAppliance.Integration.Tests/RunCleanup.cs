using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests;

/// <summary>After every test of the run: delete any namespace this run created and a failed teardown left behind.</summary>
[SetUpFixture]
public sealed class RunCleanup
{
    [OneTimeTearDown]
    public void SweepLeftovers()
    {
        if (OperatingSystem.IsLinux() && NativeMethods.GetEuid() == 0)
        {
            NetworkLab.Sweep(TestRun.Prefix);
        }
    }
}
