namespace HaAppliance.Plugins.Process;

/// <summary>How configured parameters are compared with a process's arguments (keepalived's param_match).</summary>
public enum ParamMatch
{
    /// <summary>The arguments are exactly the parameters (the default when parameters are given).</summary>
    Exact,

    /// <summary>The first N arguments equal the N parameters; more may follow.</summary>
    Partial,

    /// <summary>Like <see cref="Partial"/>, but the last parameter need only be a prefix of its argument.</summary>
    Initial,
}
