namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>
    /// A VIP written as a mapping, with the words of keepalived's one-line form as keys. Read only: the writer
    /// writes every VIP in the one-line form operators already read (<c>192.0.2.100/24 dev eth0</c>), so a VIP
    /// list is compared as a whole under its instance key (<c>virtual_ipaddress</c>).
    /// </summary>
    public static ConfigSection<VipConfig> Vip { get; } = new(
        "vip",
        new ConfigKey<VipConfig>("address", "required", "`ADDRESS/PREFIX`; without `/PREFIX` an IPv4 address is /32 and an IPv6 address /128",
            (r, k, v, vip) => r.ReadVipAddress(v, k, vip), write: null),
        new ConfigKey<VipConfig>("dev", "`interface`", "interface to add the address to",
            (r, k, v, vip) => vip.Device = r.Str(v, k), write: null),
        new ConfigKey<VipConfig>("label", "–", "address label (`ip addr ... label`)",
            (r, k, v, vip) => vip.Label = r.Str(v, k), write: null),
        new ConfigKey<VipConfig>("scope", "`global`", "`host`, `link`, `site`, `global` or a number",
            (r, k, v, vip) => vip.Scope = r.Str(v, k), write: null),
        new ConfigKey<VipConfig>("broadcast", "–", "broadcast address (IPv4); `brd` in the one-line form",
            (r, k, v, vip) => vip.Broadcast = r.Ip(v, k), write: null));
}
