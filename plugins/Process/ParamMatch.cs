namespace HaAppliance.Plugins.Process;

/// <summary>How <see cref="ProcessCheckOptions.Parameters"/> is compared with a process's arguments (keepalived's param_match).</summary>
public enum ParamMatch
{
    /// <summary>The arguments equal the parameters.</summary>
    Exact,

    /// <summary>The arguments start with the parameters.</summary>
    Initial,

    /// <summary>The parameters occur anywhere in the arguments.</summary>
    Partial,
}
