namespace HaAppliance.Plugins.Notify.Tests.Email;

/// <summary>A message the server accepted.</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, string Data, string? AuthPlain);
