namespace HaAppliance.Vrrp.Router;

/// <summary>Why a router discarded a received advertisement. Keys of <see cref="RouterCounters.Rejections"/>.</summary>
public enum AdvertRejection
{
    /// <summary>The VRID is not ours (RFC 9568 §7.1: the codec's demultiplexer should never deliver it).</summary>
    VridMismatch,

    /// <summary>The advert's version differs from the router's.</summary>
    VersionMismatch,

    /// <summary>An IPv4 advert reached an IPv6 router or the reverse.</summary>
    FamilyMismatch,

    /// <summary>RFC 3768 §7.1: a v2 advert whose Adver Int differs from ours MUST be discarded.</summary>
    IntervalMismatch,

    /// <summary>The interval is outside 1–4095 centiseconds: learning it would make the Master_Down_Timer meaningless.</summary>
    InvalidInterval,

    /// <summary>The advert carries our own primary address as its source (a loop, or a duplicate address).</summary>
    OwnAddress,

    /// <summary>The router is in Initialize or Fault, where adverts are not processed.</summary>
    NotListening,

    /// <summary>RFC 9568 §6.4.2: a Backup with preemption discards adverts of lower priority than its own.</summary>
    LowerPriority,
}
