namespace HaAppliance.Vrrp.Simulation;

/// <summary>How a simulated link treats an advert: the chance it is lost, and how long it takes to arrive.</summary>
/// <param name="Loss">Probability 0–1 that one advert is dropped.</param>
/// <param name="Delay">One-way delivery delay.</param>
public sealed record LinkProperties(double Loss, TimeSpan Delay)
{
    /// <summary>No loss, 1 ms delay: a quiet switch.</summary>
    public static LinkProperties Default { get; } = new(0, TimeSpan.FromMilliseconds(1));

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(Loss) || Loss is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Loss is a probability between 0 and 1.");
        }

        if (Delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Delay), Delay, "Delay must not be negative.");
        }
    }
}
