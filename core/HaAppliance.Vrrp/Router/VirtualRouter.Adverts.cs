using System.Net;

namespace HaAppliance.Vrrp.Router;

/// <summary>Receiving advertisements: RFC 9568 §6.4.2 (Backup) and §6.4.3 (Master).</summary>
public sealed partial class VirtualRouter
{
    // keepalived's preempt_delay: when a lower priority advert may first be discarded. Null: not started.
    private TimeSpan? _preemptAt;

    private void OnAdvert(Advertisement advert)
    {
        Counters.Received(advert.Priority);
        if (Reject(advert) is { } rejection)
        {
            Counters.Rejected(rejection);
            return;
        }

        NoteAddressList(advert);
        if (State == RouterState.Backup)
        {
            OnAdvertInBackup(advert);
        }
        else
        {
            OnAdvertInMaster(advert);
        }
    }

    private AdvertRejection? Reject(Advertisement advert)
    {
        if (advert.Vrid != Options.Vrid)
        {
            return AdvertRejection.VridMismatch;
        }

        if (advert.Version != Options.Version)
        {
            return AdvertRejection.VersionMismatch;
        }

        if (advert.Family != Options.Family)
        {
            return AdvertRejection.FamilyMismatch;
        }

        // The codec validates this too; a router must still never learn an interval of 0 and take over at once.
        var maxInterval = advert.Version == VrrpVersion.V2 ? 255 * 100 : 4095;
        if (advert.IntervalCentiseconds < 1 || advert.IntervalCentiseconds > maxInterval)
        {
            return AdvertRejection.InvalidInterval;
        }

        if (advert.Source.Equals(Options.PrimaryAddress))
        {
            return AdvertRejection.OwnAddress;
        }

        // RFC 3768 §7.1: v2 discards a mismatched interval; v3 learns it instead (RFC 9568 §6.4.2).
        if (Options.Version == VrrpVersion.V2 && advert.IntervalCentiseconds != Options.AdvertIntervalCentiseconds)
        {
            return AdvertRejection.IntervalMismatch;
        }

        if (State is not (RouterState.Backup or RouterState.Master))
        {
            return AdvertRejection.NotListening;
        }

        return null;
    }

    private void OnAdvertInBackup(Advertisement advert)
    {
        var now = Now;
        if (advert.Priority == VrrpTimers.StopPriority)
        {
            // RFC 9568 §6.4.2: the Master is leaving; wait only Skew_Time so the highest Backup wins.
            ArmMasterDown(SkewTime, $"master down timer expired after priority 0 advert from {advert.Source}");
            MasterAddress = null;
            return;
        }

        var lower = advert.Priority < EffectivePriority;

        // RFC 9568 §6.1 Preempt_Mode: the address owner always preempts, whatever the flag says.
        var preempt = Options.Preempt || Options.IsAddressOwner;
        if (preempt && lower && Options.PreemptDelay > TimeSpan.Zero)
        {
            // keepalived's preempt_delay: keep accepting lower adverts until the delay, started by the first one, ends.
            _preemptAt ??= now + Options.PreemptDelay;
            if (_preemptAt > now)
            {
                AcceptMasterAdvert(advert);
                return;
            }
        }

        if (preempt && lower)
        {
            if (Options.FastPreempt)
            {
                // Deviation (RouterOptions.FastPreempt): take over now instead of waiting for the Master_Down_Timer.
                BecomeMasterIfGroupAgrees(
                    $"lower priority advert from {advert.Source} ({advert.Priority} < {EffectivePriority}), fast preemption",
                    StateChangeCause.FastPreemption,
                    advert);
                return;
            }

            // RFC 9568 §6.4.2: discard; the Master_Down_Timer keeps running and we preempt when it fires.
            Counters.Rejected(AdvertRejection.LowerPriority);
            _masterDownReason = $"master down timer expired (preempting lower priority {advert.Priority} from {advert.Source})";
            return;
        }

        if (!lower)
        {
            _preemptAt = null;
        }

        AcceptMasterAdvert(advert);
    }

    private void AcceptMasterAdvert(Advertisement advert)
    {
        // RFC 9568 §6.4.2: learn Master_Adver_Interval (v3), recompute Skew_Time and Master_Down_Interval, reset the timer.
        if (Options.Version == VrrpVersion.V3)
        {
            MasterAdverIntervalCentiseconds = advert.IntervalCentiseconds;
        }

        ArmMasterDown(MasterDownInterval, "master down timer expired");
        MasterAddress = advert.Source;
        _heldForGroup = false;
    }

    private void OnAdvertInMaster(Advertisement advert)
    {
        if (advert.Priority == VrrpTimers.StopPriority)
        {
            // RFC 9568 §6.4.3: another router is leaving; assert ourselves at once (bounded) and reset the Adver_Timer.
            if (AnswerAtOnce(advert))
            {
                _adverTimer = NextAdvertFrom(Now);
            }

            return;
        }

        var higher = advert.Priority > EffectivePriority;
        var tieLost = advert.Priority == EffectivePriority && CompareAddresses(advert.Source, Options.PrimaryAddress) > 0;
        if (tieLost && Options.IsAddressOwner)
        {
            NoteSecondOwner(advert);
            return;
        }

        if (higher || tieLost)
        {
            var reason = higher
                ? $"higher priority advert from {advert.Source} ({advert.Priority} > {EffectivePriority})"
                : $"equal priority advert from higher address {advert.Source} ({advert.Priority})";
            ChangeState(RouterState.Backup, reason, StateChangeCause.HigherPriorityAdvert, advert);
            Emit(new RouterAction.ReleaseVips());
            Counters.LeftMaster();
            _adverTimer = null;
            _preemptAt = null;
            AcceptMasterAdvert(advert);
            return;
        }

        // RFC 9568 §6.4.3: a lower priority Master (after a partition, say) hears us at once, not after an interval;
        // keepalived also repeats its gratuitous ARPs then, also for an equal priority from a lower address.
        if (AnswerAtOnce(advert))
        {
            Emit(new RouterAction.LowerPriorityHeard(advert.Source));
        }
    }

    /// <summary>Compares addresses as unsigned integers in network byte order (RFC 9568 §6.4.3 tie-break).</summary>
    internal static int CompareAddresses(IPAddress a, IPAddress b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out var xl);
        b.TryWriteBytes(y, out var yl);
        return xl != yl ? xl.CompareTo(yl) : x[..xl].SequenceCompareTo(y[..yl]);
    }
}
