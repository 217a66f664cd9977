namespace HaAppliance.Integration.Tests.Soak;

/// <summary>The soak's schedule alone (no root): a seed replays it, and it covers every fault kind.</summary>
public sealed class SoakScheduleTests
{
    [TestCase(1)]
    [TestCase(20261201)]
    public void Generate_SameSeed_SameSchedule(int seed)
    {
        var first = SoakSchedule.Generate(seed, 200);
        var replay = SoakSchedule.Generate(seed, 200);

        Assert.That(replay, Is.EqualTo(first));
    }

    [Test]
    public void Generate_OtherSeed_OtherSchedule() =>
        Assert.That(SoakSchedule.Generate(2, 30), Is.Not.EqualTo(SoakSchedule.Generate(3, 30)));

    [Test]
    public void Generate_EverySixConsecutiveFaults_HoldEveryKind()
    {
        var faults = SoakSchedule.Generate(7, 600);

        for (var start = 0; start + 6 <= faults.Count; start += 6)
        {
            Assert.That(faults.Skip(start).Take(6).Select(f => f.Kind), Is.EquivalentTo(Enum.GetValues<FaultKind>()), $"round from #{start}");
        }
        Assert.That(faults.Select(f => f.Node).Distinct(), Is.EquivalentTo(new[] { "n1", "n2" }));
    }

    [Test]
    public void Generate_Priorities_ChangeOnlyOnReload_NeverTie_AndNameTheHolder()
    {
        var previous = SoakSchedule.InitialPriorities;
        foreach (var fault in SoakSchedule.Generate(11, 600))
        {
            Assert.That(fault.Priorities.N1, Is.Not.EqualTo(fault.Priorities.N2), fault.ToString());
            Assert.That(fault.ExpectedHolder, Is.EqualTo(fault.Priorities.N1 > fault.Priorities.N2 ? "n1" : "n2"));
            if (fault.Kind == FaultKind.ReloadPriority)
            {
                Assert.That(fault.Priority, Is.InRange(SoakSchedule.Lowest, SoakSchedule.Highest));
                Assert.That(fault.Node == "n1" ? fault.Priorities.N1 : fault.Priorities.N2, Is.EqualTo(fault.Priority));
                Assert.That(fault.Priorities, Is.Not.EqualTo(previous), "a reload changes a priority");
            }
            else
            {
                Assert.That(fault.Priorities, Is.EqualTo(previous), fault.ToString());
            }
            previous = fault.Priorities;
        }
    }

    [Test]
    public void Generate_CheckFlaps_EndHealthy_FloodsHaveARate()
    {
        var faults = SoakSchedule.Generate(5, 300);

        Assert.That(faults.Where(f => f.Kind == FaultKind.CheckFlap).Select(f => f.Toggles % 2), Is.All.EqualTo(0));
        Assert.That(faults.Where(f => f.Kind == FaultKind.Flood).Select(f => f.Toggles), Is.All.InRange(1000, 4000));
    }
}
