namespace HaAppliance.Abstractions;

/// <summary>The state of one network interface, as a link-state source reports it.</summary>
/// <param name="IfIndex">The kernel's interface index.</param>
/// <param name="Name">The interface name (e.g. <c>eth0</c>).</param>
/// <param name="AdministrativelyUp">IFF_UP: the interface was set up.</param>
/// <param name="Running">IFF_RUNNING: the link has carrier (operationally up).</param>
/// <param name="Removed">The interface was deleted.</param>
public sealed record LinkState(int IfIndex, string Name, bool AdministrativelyUp, bool Running, bool Removed = false)
{
    /// <summary>Usable for VRRP: present, set up and with carrier. keepalived's rule: down means FAULT.</summary>
    public bool IsUp => !Removed && AdministrativelyUp && Running;
}
