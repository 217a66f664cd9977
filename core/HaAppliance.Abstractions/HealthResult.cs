namespace HaAppliance.Abstractions;

/// <summary>The result of one health check run (or one event of a watching check).</summary>
/// <param name="Healthy">True when the checked thing is fine.</param>
/// <param name="Detail">
/// A short human-readable reason, printed by the kernel in parentheses after keepalived's phrase:
/// <c>VRRP_Script(chk_nginx) failed (exited with status 1)</c>.
/// </param>
public sealed record HealthResult(bool Healthy, string? Detail = null)
{
    /// <summary>A healthy result with an optional detail.</summary>
    /// <param name="detail">Optional reason, e.g. <c>HTTP 200</c>.</param>
    /// <returns>A result with <see cref="Healthy"/> set.</returns>
    public static HealthResult Ok(string? detail = null) => new(true, detail);

    /// <summary>A failed result; the detail says why.</summary>
    /// <param name="detail">Why the check failed, e.g. <c>exited with status 1</c>.</param>
    /// <returns>A result with <see cref="Healthy"/> cleared.</returns>
    public static HealthResult Fail(string detail) => new(false, detail);
}
