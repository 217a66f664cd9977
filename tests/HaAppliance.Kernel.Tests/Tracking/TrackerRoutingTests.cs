using HaAppliance.Kernel.Configuration;
using HaAppliance.Kernel.Tracking;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Tracking;

[TestFixture]
public sealed class TrackerRoutingTests
{
    private static HaConfig Config()
    {
        var config = new HaConfig();
        config.Checks.Add(new CheckConfig { Name = "chk_nginx", Weight = -20 });
        config.Checks.Add(new CheckConfig { Name = "chk_db", Weight = 0 });
        var vi1 = new InstanceConfig { Name = "VI_1", Priority = 101 };
        vi1.TrackChecks.Add(new TrackRef { Name = "chk_nginx" });
        vi1.TrackChecks.Add(new TrackRef { Name = "chk_db" });
        var vi2 = new InstanceConfig { Name = "VI_2", Priority = 100 };
        vi2.TrackChecks.Add(new TrackRef { Name = "chk_nginx", Weight = -50, Reverse = true });
        config.Instances.Add(vi1);
        config.Instances.Add(vi2);
        return config;
    }

    [Test]
    public void Route_CheckTrackedByTwoInstances_OneEventEachWithItsWeightAndReverse()
    {
        var routes = new TrackerRouting(Config()).Route(new TrackerTransition("chk_nginx", false, "exited with status 1"));

        Assert.That(routes, Is.EqualTo(new[]
        {
            new TrackerRoute("VI_1", new RouterEvent.TrackerChanged("chk_nginx", false, -20)),
            new TrackerRoute("VI_2", new RouterEvent.TrackerChanged("chk_nginx", true, -50)),
        }));
    }

    [Test]
    public void Route_UntrackedCheck_NoEvents()
    {
        Assert.That(new TrackerRouting(Config()).Route(new TrackerTransition("chk_other", false, null)), Is.Empty);
    }

    [Test]
    public void WeightsFor_FailedNginx_GivesKeepalivedsEffectivePriority()
    {
        var routing = new TrackerRouting(Config());

        var weights = routing.WeightsFor("VI_1", new Dictionary<string, bool> { ["chk_nginx"] = false, ["chk_db"] = true });
        var result = EffectivePriority.Compute(101, weights);

        Assert.That(result.Priority, Is.EqualTo(81));
        Assert.That(result.Fault, Is.False);
    }
}
