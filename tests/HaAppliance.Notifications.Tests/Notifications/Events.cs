using HaAppliance.Abstractions;

namespace HaAppliance.Notifications.Tests.Notifications;

internal static class Events
{
    public static StateChangeEvent Make(string instance, int n, string newState = "MASTER") =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, "lb1", instance, null, "BACKUP", newState, 100 + n, $"transition {n}", ["192.0.2.10/24"]);
}
