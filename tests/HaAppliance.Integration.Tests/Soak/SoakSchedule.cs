using System.Globalization;

namespace HaAppliance.Integration.Tests.Soak;

/// <summary>The kinds of fault the soak injects.</summary>
public enum FaultKind
{
    /// <summary>kill -9 of a node's daemon, down for <see cref="SoakFault.Hold"/>, then restarted on the same state folder.</summary>
    KillRestart,

    /// <summary><c>ip link set eth0 down</c> on a node, then up again.</summary>
    LinkDownUp,

    /// <summary>The two nodes' bridge ports isolated from each other (carrier stays up), then joined again.</summary>
    Partition,

    /// <summary>A node's config rewritten with a new priority and reloaded (control socket or SIGHUP).</summary>
    ReloadPriority,

    /// <summary>A node's tracked file check toggled between failing and healthy, ending healthy.</summary>
    CheckFlap,

    /// <summary>Lower-priority and malformed VRRP adverts from the client at a high rate.</summary>
    Flood,
}

/// <summary>
/// One scheduled fault. <paramref name="Priorities"/> are the configured priorities of n1 and n2 once it is over, and
/// <paramref name="ExpectedHolder"/> the node that must then hold the VIP (the higher priority; the schedule never ties).
/// </summary>
/// <param name="Index">Position in the schedule, from 0.</param>
/// <param name="Kind">What is done.</param>
/// <param name="Node">The node it is done to (<c>n1</c> or <c>n2</c>; both for a partition, neither for a flood).</param>
/// <param name="Hold">How long the fault lasts before it is undone.</param>
/// <param name="Priority">The new priority of a reload (the node's current one otherwise).</param>
/// <param name="Toggles">Check flaps: state changes of the check file; floods: packets per second.</param>
/// <param name="ViaSignal">Reloads: SIGHUP instead of <c>haapp reload</c>.</param>
/// <param name="Priorities">Configured priorities (n1, n2) after the fault.</param>
public sealed record SoakFault(
    int Index,
    FaultKind Kind,
    string Node,
    TimeSpan Hold,
    int Priority,
    int Toggles,
    bool ViaSignal,
    (int N1, int N2) Priorities)
{
    /// <summary>The node with the higher configured priority, which must hold the VIP once the fault is over.</summary>
    public string ExpectedHolder => Priorities.N1 > Priorities.N2 ? "n1" : "n2";

    /// <summary>One line for the soak's log, e.g. <c>#3 ReloadPriority n2 -> 117 (SIGHUP) => n2</c>.</summary>
    public override string ToString()
    {
        var what = Kind switch
        {
            FaultKind.KillRestart => $"kill -9 {Node}, restart after {Seconds(Hold)}",
            FaultKind.LinkDownUp => $"link down {Node} for {Seconds(Hold)}",
            FaultKind.Partition => $"partition n1|n2 for {Seconds(Hold)}",
            FaultKind.ReloadPriority => $"reload {Node} priority -> {Priority} ({(ViaSignal ? "SIGHUP" : "haapp reload")})",
            FaultKind.CheckFlap => $"check flap {Node} x{Toggles} over {Seconds(Hold)}",
            FaultKind.Flood => $"flood {Toggles}/s for {Seconds(Hold)}",
            _ => Kind.ToString(),
        };
        return $"#{Index} {what}; priorities {Priorities.N1}/{Priorities.N2} => {ExpectedHolder}";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}

/// <summary>
/// The soak's fault schedule: a pure function of the seed (<see cref="Random"/> seeded with it), so a seed replays the
/// same faults. Kinds come in shuffled rounds of all six, so every kind appears in any six consecutive faults.
/// </summary>
public static class SoakSchedule
{
    /// <summary>Priorities the nodes start with.</summary>
    public static readonly (int N1, int N2) InitialPriorities = (101, 100);

    /// <summary>The check's weight: a failing check lowers the node's priority by this much.</summary>
    public const int CheckWeight = -20;

    /// <summary>Lowest and highest priority a reload sets; a flood's adverts stay below <c>Lowest + CheckWeight</c>.</summary>
    public const int Lowest = 90;

    /// <summary>Highest priority a reload sets.</summary>
    public const int Highest = 120;

    /// <summary>The first <paramref name="count"/> faults of the schedule of <paramref name="seed"/>.</summary>
    public static IReadOnlyList<SoakFault> Generate(int seed, int count) => Faults(seed).Take(count).ToList();

    /// <summary>The endless schedule of <paramref name="seed"/>; the executor takes as many as its time allows.</summary>
    public static IEnumerable<SoakFault> Faults(int seed)
    {
        var random = new Random(seed);
        var priorities = InitialPriorities;
        var kinds = Enum.GetValues<FaultKind>();
        var index = 0;
        while (true)
        {
            var round = (FaultKind[])kinds.Clone();
            random.Shuffle(round);
            foreach (var kind in round)
            {
                var node = random.Next(2) == 0 ? "n1" : "n2";
                var hold = TimeSpan.FromMilliseconds(random.Next(1000, 5001));
                var priority = node == "n1" ? priorities.N1 : priorities.N2;
                var toggles = 0;
                var viaSignal = false;
                switch (kind)
                {
                    case FaultKind.ReloadPriority:
                        var other = node == "n1" ? priorities.N2 : priorities.N1;
                        do
                        {
                            priority = random.Next(Lowest, Highest + 1);
                        }
                        while (priority == other || priority == (node == "n1" ? priorities.N1 : priorities.N2));

                        priorities = node == "n1" ? (priority, priorities.N2) : (priorities.N1, priority);
                        viaSignal = random.Next(2) == 0;
                        hold = TimeSpan.Zero;
                        break;
                    case FaultKind.CheckFlap:
                        toggles = 2 * random.Next(1, 4);
                        break;
                    case FaultKind.Flood:
                        toggles = random.Next(1000, 4001);
                        hold = TimeSpan.FromMilliseconds(random.Next(2000, 4001));
                        break;
                }

                yield return new SoakFault(index++, kind, node, hold, priority, toggles, viaSignal, priorities);
            }
        }
    }
}
