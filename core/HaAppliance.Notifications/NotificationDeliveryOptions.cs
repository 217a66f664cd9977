namespace HaAppliance.Notifications;

/// <summary>
/// How one notification target is retried and set aside. Defaults suit an SMTP server or a webhook:
/// a few quick retries, then one attempt every 10 s at most (backoff and open circuit alike), so a target
/// that comes back gets its backlog within about 10 s; a dead letter after 90 failed attempts (about 15 minutes).
/// Setters validate and name the bad value.
/// </summary>
public sealed class NotificationDeliveryOptions
{
    private TimeSpan _attemptTimeout = TimeSpan.FromSeconds(30);
    private int _maxAttempts = 90;
    private TimeSpan _baseDelay = TimeSpan.FromSeconds(1);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(10);
    private double _failureRatio = 0.5;
    private int _minimumThroughput = 4;
    private TimeSpan _samplingDuration = TimeSpan.FromSeconds(60);
    private TimeSpan _breakDuration = TimeSpan.FromSeconds(10);
    private int _queueCapacity = 64;
    private int _maxPending = 10_000;

    /// <summary>Time one delivery attempt may take before it is abandoned and counted as failed.</summary>
    public TimeSpan AttemptTimeout { get => _attemptTimeout; set => _attemptTimeout = Positive(value, nameof(AttemptTimeout)); }

    /// <summary>Attempts (calls to the notifier) before an event is moved to the dead-letter file.</summary>
    public int MaxAttempts { get => _maxAttempts; set => _maxAttempts = AtLeast(value, 1, nameof(MaxAttempts)); }

    /// <summary>First retry delay; doubles each retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get => _baseDelay; set => _baseDelay = Positive(value, nameof(BaseDelay)); }

    /// <summary>Longest wait between two attempts (jitter included): how late a target that came back may get its backlog.</summary>
    public TimeSpan MaxDelay { get => _maxDelay; set => _maxDelay = Positive(value, nameof(MaxDelay)); }

    /// <summary>Failure ratio within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio
    {
        get => _failureRatio;
        set => _failureRatio = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(FailureRatio), value, "FailureRatio must be in (0, 1].");
    }

    /// <summary>Attempts within the sampling window before the breaker may open (Polly's minimum is 2).</summary>
    public int MinimumThroughput { get => _minimumThroughput; set => _minimumThroughput = AtLeast(value, 2, nameof(MinimumThroughput)); }

    public TimeSpan SamplingDuration { get => _samplingDuration; set => _samplingDuration = AtLeastHalfSecond(value, nameof(SamplingDuration)); }

    /// <summary>
    /// How long an open circuit rejects attempts without calling the target. The retry waits it out, so this too bounds
    /// how late a returning target gets its backlog; keep it no longer than <see cref="MaxDelay"/>.
    /// </summary>
    public TimeSpan BreakDuration { get => _breakDuration; set => _breakDuration = AtLeastHalfSecond(value, nameof(BreakDuration)); }

    /// <summary>Events held in memory per target; the rest wait on disk in the outbox.</summary>
    public int QueueCapacity { get => _queueCapacity; set => _queueCapacity = AtLeast(value, 1, nameof(QueueCapacity)); }

    /// <summary>Events pending on disk per target; beyond this new events go straight to the dead-letter file.</summary>
    public int MaxPending { get => _maxPending; set => _maxPending = AtLeast(value, 1, nameof(MaxPending)); }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");

    // Polly refuses circuit-breaker windows shorter than 500 ms.
    private static TimeSpan AtLeastHalfSecond(TimeSpan value, string name) =>
        value >= TimeSpan.FromMilliseconds(500) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 500 ms.");

    private static int AtLeast(int value, int min, string name) =>
        value >= min ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}.");
}
