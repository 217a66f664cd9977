using HaAppliance.Abstractions;

namespace HaAppliance.Notifications;

/// <summary>An event set aside after it kept failing, with the last error; one JSON line in the dead-letter file.</summary>
public sealed record DeadLetter(string Target, long Sequence, StateChangeEvent Event, int Attempts, string Error, DateTimeOffset Time);
