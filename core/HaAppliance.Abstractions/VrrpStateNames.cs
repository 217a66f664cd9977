using System.Diagnostics.CodeAnalysis;

namespace HaAppliance.Abstractions;

/// <summary>The upper-case words for <see cref="VrrpState"/> that scripts, templates and notifiers use.</summary>
public static class VrrpStateNames
{
    /// <summary>keepalived's word for the state: <c>MASTER</c>, <c>BACKUP</c>, <c>FAULT</c> or <c>STOP</c>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The upper-case word; <c>{UNKNOWN}</c> (keepalived's word) for a value outside the enum.</returns>
    public static string ToKeepalivedName(this VrrpState state) => state switch
    {
        VrrpState.Master => "MASTER",
        VrrpState.Backup => "BACKUP",
        VrrpState.Fault => "FAULT",
        VrrpState.Stop => "STOP",
        _ => "{UNKNOWN}",
    };

    /// <summary>
    /// Reads a state word, in any case and with surrounding blanks: the four keepalived words, and the older
    /// spellings journals and outboxes written before <see cref="VrrpState"/> existed may hold
    /// (<c>INIT</c>, <c>STOPPED</c>, <c>STOPPING</c> mean <see cref="VrrpState.Stop"/>).
    /// </summary>
    /// <param name="name">The word.</param>
    /// <param name="state">The state, when the word is known.</param>
    /// <returns>True if the word names a state.</returns>
    public static bool TryParseKeepalivedName([NotNullWhen(true)] string? name, out VrrpState state)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "MASTER":
                state = VrrpState.Master;
                return true;
            case "BACKUP":
                state = VrrpState.Backup;
                return true;
            case "FAULT":
                state = VrrpState.Fault;
                return true;
            case "STOP" or "STOPPED" or "STOPPING" or "INIT" or "INITIALIZE":
                state = VrrpState.Stop;
                return true;
            default:
                state = default;
                return false;
        }
    }
}
