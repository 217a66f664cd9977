using System.Globalization;
using HaAppliance.Abstractions;
using Scriban.Runtime;

namespace HaAppliance.Plugins.Email;

/// <summary>
/// The variables email templates see. Names are snake_case; a typo fails rendering
/// (StrictVariables) instead of mailing an empty field.
/// </summary>
internal static class EmailTemplateModel
{
    public static ScriptObject Create(StateChangeEvent e, string routerId)
    {
        var state = e.NewState.ToKeepalivedName();
        var (headline, body) = KeepalivedText(e.NewState);
        return new ScriptObject
        {
            ["id"] = e.Id.ToString(),
            ["time"] = e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["router_id"] = routerId,
            ["node"] = e.Node,
            ["instance"] = e.Instance,
            ["sync_group"] = e.SyncGroup,
            ["old_state"] = e.OldState.ToKeepalivedName(),
            ["new_state"] = state,
            ["priority"] = e.Priority,
            ["reason"] = e.Reason,
            ["vips"] = new ScriptArray(e.VirtualAddresses),
            ["headline"] = headline,
            ["keepalived_body"] = body,
        };
    }

    /// <summary>keepalived's subject tail and body line per state (vrrp_notify.c, vrrp_smtp_notifier).</summary>
    public static (string Headline, string Body) KeepalivedText(VrrpState state) => state switch
    {
        VrrpState.Master => ("Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <="),
        VrrpState.Backup => ("Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <="),
        VrrpState.Fault => ("Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <="),
        VrrpState.Stop => ("Stopping", "=> VRRP Instance stopping <="),
        _ => ($"Entering {state.ToKeepalivedName()} state", $"=> VRRP Instance is now in {state.ToKeepalivedName()} state <="),
    };
}
