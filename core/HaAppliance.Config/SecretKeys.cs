namespace HaAppliance.Config;

/// <summary>
/// Keys whose values are secrets or point at them (passwords, tokens, webhook URLs that embed tokens,
/// <c>*_env</c> names): messages give such a value's length, never its text.
/// </summary>
public static class SecretKeys
{
    private static readonly string[] Parts = ["pass", "secret", "token", "url", "key", "authentication", "credential"];

    public static bool IsSecret(string key) =>
        key.EndsWith("_env", StringComparison.OrdinalIgnoreCase)
        || Parts.Any(p => key.Contains(p, StringComparison.OrdinalIgnoreCase));
}
