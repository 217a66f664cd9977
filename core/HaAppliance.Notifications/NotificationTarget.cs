using HaAppliance.Abstractions;

namespace HaAppliance.Notifications;

/// <summary>A named notifier (the config's notifier name) with its delivery policy.</summary>
public sealed record NotificationTarget(string Name, INotifier Notifier, NotificationDeliveryOptions? Options = null)
{
    /// <summary>Target names become outbox folder names, so they are restricted to a safe set.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && name != "." && name != ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
