using System.CommandLine;
using System.Globalization;
using System.Net;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp demo [--fast] [--fast-preempt]</c>: two load balancers fail over on the simulated LAN when lb1's
/// nginx check fails, printed in keepalived's words. Real time by default (about 15 s); --fast runs on a fake clock.
/// </summary>
internal static class DemoCommand
{
    private const string Instance = "VI_1";
    private const string Device = "eth0";
    private static readonly TimeSpan CheckFailsAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");
    private static readonly TimeSpan StepSize = TimeSpan.FromMilliseconds(1);

    public static Command Create()
    {
        var fast = new Option<bool>("--fast")
        {
            Description = "Run on a fake clock: the same timeline, printed at once.",
        };
        var fastPreempt = new Option<bool>("--fast-preempt")
        {
            Description = "Enable fast preemption (a deviation from RFC 9568 §6.4.2): the backup takes over on the first lower priority advert.",
        };
        var simulated = new Option<bool>("--simulated")
        {
            Description = "Use the simulated LAN even when network namespaces are available.",
        };
        var command = new Command("demo", "Show a failover on the embedded default config: on network namespaces with two real daemons and a client when run as root, else on a simulated LAN.");
        command.Options.Add(fast);
        command.Options.Add(fastPreempt);
        command.Options.Add(simulated);
        command.SetAction((parseResult, cancellation) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var wantsSimulation = parseResult.GetValue(simulated) || parseResult.GetValue(fast);
            if (!wantsSimulation && NetnsDemo.CanRun())
            {
                var withFastPreempt = parseResult.GetValue(fastPreempt);
                return Task.FromResult(new NetnsDemo(Path.Combine(AppContext.BaseDirectory, "haapp.dll")) { FastPreempt = withFastPreempt }
                    .Run(node => DemoConfig.For(node, withFastPreempt)));
            }

            if (!wantsSimulation)
            {
                output.WriteLine("Not running as root with iproute2: network namespaces are unavailable, so this demo runs on the simulated LAN.");
            }

            return RunAsync(parseResult.GetValue(fast), parseResult.GetValue(fastPreempt), output, cancellation);
        });
        return command;
    }

    internal static async Task<int> RunAsync(bool fast, bool fastPreempt, TextWriter output, CancellationToken cancellation)
    {
        // On a whole second: the advert grid (quarter intervals from the clock's zero) then falls the same way every run.
        var fake = fast ? new FakeTimeProvider(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero)) : null;
        var time = (TimeProvider?)fake ?? TimeProvider.System;
        var printer = new DemoTimelinePrinter(output, Instance, Device, [Vip]);
        var lan = new SimulatedLan(time, seed: 51);
        using var announcements = new DemoAnnouncements(lan, printer);
        try
        {
            Node(lan, announcements, "lb1", "192.0.2.1", 101, fastPreempt);
            Node(lan, announcements, "lb2", "192.0.2.2", 100, fastPreempt);
            lan.Recorded += entry =>
            {
                printer.Print(entry);
                announcements.Follow(entry);
            };

            output.WriteLine(
                $"Simulated LAN (no real network, {(fast ? "fake clock" : "real time, about 15 s")}): lb1 192.0.2.1 priority 101, lb2 192.0.2.2 priority 100; " +
                $"VRRP instance {Instance} vrid 51, advert 1 s, VIP {Vip}/24 on {Device}; chk_nginx (weight -20) on lb1 fails at {CheckFailsAt.TotalSeconds:0} s" +
                (fastPreempt ? "; fast preemption on." : "."));

            lan.StartAll();
            lan.Schedule(CheckFailsAt, () =>
            {
                printer.Note(lan.Elapsed, "lb1", "VRRP_Script(chk_nginx) failed (exited with status 1)");
                lan.Send("lb1", new RouterEvent.TrackerChanged(TrackerId.Check("chk_nginx"), Healthy: false, Weight: -20));
            });

            if (fake is not null)
            {
                lan.RunFor(Duration, to => Step(fake, to));
            }
            else
            {
                await Task.Delay(Duration, TimeProvider.System, cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            lan.Dispose();
        }

        output.WriteLine(Summary(lan));
        return 0;
    }

    /// <summary>
    /// Adds node <paramref name="name"/> with the router options and GARP schedule the daemon builds from the embedded
    /// default config (lb1's <c>state: MASTER</c> included), named after the node on the LAN.
    /// </summary>
    private static void Node(SimulatedLan lan, DemoAnnouncements announcements, string name, string address, int priority, bool fastPreempt)
    {
        var spec = DemoConfig.Spec(name, address, priority, fastPreempt);
        lan.Add(spec.Router with { Name = name });
        announcements.Add(name, spec);
    }

    /// <summary>
    /// Moves the fake clock to <paramref name="to"/> a millisecond at a time, so the GARP scheduler's timers (second burst,
    /// spaced frames) fire at their own time and not at the LAN's next event.
    /// </summary>
    private static void Step(FakeTimeProvider fake, DateTimeOffset to)
    {
        while (fake.GetUtcNow() + StepSize < to)
        {
            fake.Advance(StepSize);
        }

        fake.SetUtcNow(to);
    }

    private static string Summary(SimulatedLan lan)
    {
        var masters = lan.Masters;
        if (masters.Count != 1)
        {
            return $"Summary: {masters.Count} nodes hold VIP {Vip}: {string.Join(", ", masters.Select(m => m.Options.Name))}.";
        }

        var holder = masters[0].Options.Name;
        var takeover = lan.Timeline.LastOrDefault(e =>
            e.Router == holder && e.Action is RouterAction.StateChanged { To: RouterState.Master } && e.Elapsed >= CheckFailsAt);
        var failover = takeover is null
            ? "no failover happened"
            : string.Create(CultureInfo.InvariantCulture, $"failover took {(takeover.Elapsed - CheckFailsAt).TotalSeconds:F3} s after chk_nginx failed");
        return $"Summary: VIP {Vip} is held by {holder} (MASTER); {failover}.";
    }
}
