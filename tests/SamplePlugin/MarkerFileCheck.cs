using HaAppliance.Abstractions;

namespace Sample.HealthChecks;

/// <summary>Healthy while a marker file exists: the simplest useful third-party check.</summary>
public sealed class MarkerFileCheck(MarkerFileOptions options) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(options.MarkerPath)
            ? HealthResult.Ok($"{options.Label}: {options.MarkerPath} present (attempts {options.Attempts})")
            : HealthResult.Fail($"{options.Label}: {options.MarkerPath} absent (attempts {options.Attempts})"));
}
