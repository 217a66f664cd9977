using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Notify.Tests;

internal static class Events
{
    public static StateChangeEvent Make(string instance = "VI_1", string oldState = "BACKUP", string newState = "MASTER", int priority = 101, string reason = "no advert from 192.0.2.2 for 3.6 s") =>
        new(Guid.NewGuid(), new DateTimeOffset(2026, 11, 25, 19, 43, 32, TimeSpan.Zero), "lb1", instance, null, oldState, newState, priority, reason, ["192.0.2.10/24", "2001:db8::10/64"]);
}
