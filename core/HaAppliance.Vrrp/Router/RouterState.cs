namespace HaAppliance.Vrrp.Router;

/// <summary>RFC 9568 §6 states plus keepalived's Fault.</summary>
public enum RouterState
{
    /// <summary>RFC 9568 §6.4.1: waiting for a Startup event; also the state after Shutdown.</summary>
    Initialize,

    /// <summary>RFC 9568 §6.4.2: monitoring the Master, ready to take over when the Master_Down_Timer fires.</summary>
    Backup,

    /// <summary>RFC 9568 §6.4.3: owns the virtual addresses and advertises every Advertisement_Interval.</summary>
    Master,

    /// <summary>keepalived's FAULT: a tracker of weight 0 is failing, so the router neither advertises nor takes over.</summary>
    Fault,
}
