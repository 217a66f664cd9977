using System.Net;

namespace HaAppliance.Vrrp.Router;

/// <summary>
/// What a router notes about the adverts it accepts: a different address list (config drift), a Master's bounded
/// immediate answers, and a second address owner.
/// </summary>
public sealed partial class VirtualRouter
{
    /// <summary>
    /// A Master answers lower priority and priority 0 adverts at once (that heals a partition), but at most once per
    /// sender and at most this many times over all senders per advert interval, so a flood is never amplified.
    /// </summary>
    public const int AnswersPerInterval = 3;

    /// <summary>
    /// The answer window is our advert interval, but never shorter than this: with 10 ms adverts an answer is at most
    /// 10 ms ahead of the next regular advert, and answering a flood every 10 ms for 255 routers doubled the Master's
    /// sends (25,500 more a second) until its own adverts slipped.
    /// </summary>
    public static readonly TimeSpan MinAnswerWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<IPAddress, TimeSpan> _answeredAt = [];
    private TimeSpan? _answerWindowEnd;
    private int _answersInWindow;

    // The address-list difference last reported, so that it is reported once per change, not once per advert.
    private (IPAddress Source, string Lists)? _reportedDrift;

    // The other address owner last reported.
    private IPAddress? _reportedOwner;

    /// <summary>
    /// RFC 9568 §7.1: verifying the address list is a MAY, with a SHOULD log. A difference does not discard the
    /// advert (two Masters would split the brain during a rolling change, as keepalived warns but accepts); it is
    /// counted always and reported once per change.
    /// </summary>
    private void NoteAddressList(Advertisement advert)
    {
        var ours = Options.VirtualAddresses;
        if (advert.Addresses.Count == ours.Count && ours.All(advert.Addresses.Contains))
        {
            if (_reportedDrift?.Source.Equals(advert.Source) == true)
            {
                _reportedDrift = null; // in step again: a new difference is reported anew
            }

            return;
        }

        Counters.AddressListMismatch();
        var lists = string.Join(",", advert.Addresses) + "/" + string.Join(",", ours);
        if (_reportedDrift is { } last && last.Source.Equals(advert.Source) && last.Lists == lists)
        {
            return;
        }

        _reportedDrift = (advert.Source, lists);
        Emit(new RouterAction.AddressListDiffers(advert.Source, advert.Addresses, ours));
    }

    /// <summary>
    /// Sends the immediate answer unless the sender had one within an advert interval (the shorter of ours and its
    /// own, so that a fast router flapping back is still heard), or <see cref="AnswersPerInterval"/> answers went out in
    /// the current window (our interval, at least <see cref="MinAnswerWindow"/>); a withheld answer is counted. True when sent.
    /// </summary>
    private bool AnswerAtOnce(Advertisement advert)
    {
        var now = Now;
        var window = AdvertisementInterval > MinAnswerWindow ? AdvertisementInterval : MinAnswerWindow;
        if (_answerWindowEnd is not { } end || now >= end)
        {
            _answersInWindow = 0;
            _answerWindowEnd = now + window;
            foreach (var stale in _answeredAt.Where(a => now - a.Value >= window).Select(a => a.Key).ToList())
            {
                _answeredAt.Remove(stale);
            }
        }

        var theirs = VrrpTimers.FromCentiseconds(advert.IntervalCentiseconds);
        var perSender = theirs < window ? theirs : window;
        if (_answersInWindow >= AnswersPerInterval || (_answeredAt.TryGetValue(advert.Source, out var last) && now - last < perSender))
        {
            Counters.AnswerSuppressed();
            return false;
        }

        // The Adver_Timer keeps its rhythm (as keepalived's): other Backups go on hearing us every interval.
        _answersInWindow++;
        _answeredAt[advert.Source] = now;
        SendAdvert(EffectivePriority);
        return true;
    }

    /// <summary>
    /// RFC 9568 erratum: the address owner stays Master even when another owner (255) with a higher address speaks;
    /// the misconfiguration is logged once per other owner, never resolved by yielding the owner's own addresses.
    /// </summary>
    private void NoteSecondOwner(Advertisement advert)
    {
        if (advert.Source.Equals(_reportedOwner))
        {
            return;
        }

        _reportedOwner = advert.Source;
        Emit(new RouterAction.Notice(
            $"({Options.Name}) {advert.Source} also advertises priority 255 (address owner) with a higher address; staying MASTER: check the configuration of both nodes"));
    }
}
