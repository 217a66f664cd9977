namespace HaAppliance.Sites;

/// <summary>What <see cref="SiteChecker"/> found; the severity of each kind is fixed.</summary>
public enum SiteFindingKind
{
    /// <summary>Error: one VRID on one segment used by instances of different names or disjoint VIP sets.</summary>
    VridConflict,

    /// <summary>Error: the VRRP version differs between nodes.</summary>
    VersionMismatch,

    /// <summary>Error: VRRPv2 advert intervals differ (v2 discards adverts with another interval, RFC 3768 §7.1).</summary>
    AdvertIntervalMismatch,

    /// <summary>Error: authentication type or password differ.</summary>
    AuthenticationMismatch,

    /// <summary>Error: an instance of one name runs over IPv4 on one node and IPv6 on another.</summary>
    FamilyMismatch,

    /// <summary>Error: unicast peers that do not list each other (or unicast on one side, multicast on the other).</summary>
    UnicastPeerMismatch,

    /// <summary>Error: an instance on one node only, while its VRID or name is configured on another node.</summary>
    LoneInstance,

    /// <summary>Error: a sync group whose members differ between nodes.</summary>
    SyncGroupMismatch,

    /// <summary>Warning: overlapping but different VIP lists.</summary>
    VipsDiffer,

    /// <summary>Warning: equal base priorities; the higher primary address wins the tie.</summary>
    EqualPriority,

    /// <summary>Warning: a node preempts at boot with <c>state MASTER</c> while another has <c>nopreempt</c>.</summary>
    PreemptAtBoot,

    /// <summary>Warning: tracker weights that make a failing node outrank a healthy one, or never move the VIP.</summary>
    IneffectiveWeights,
}
