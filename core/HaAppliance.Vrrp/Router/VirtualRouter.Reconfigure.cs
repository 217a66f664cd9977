namespace HaAppliance.Vrrp.Router;

/// <summary>Reconfiguration in place, keeping the state and the timers.</summary>
public sealed partial class VirtualRouter
{
    private void OnReconfigure(RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Vrid != Options.Vrid || options.Version != Options.Version || options.Family != Options.Family)
        {
            // A different VRID, version or family is another virtual router: the host replaces this one.
            throw new ArgumentException(
                $"({Options.Name}) VRID, version and family cannot change in place ({Options.Vrid}/v{(int)Options.Version}/{Options.Family} -> {options.Vrid}/v{(int)options.Version}/{options.Family}); restart the router.",
                nameof(options));
        }

        if (options.SameSettingsAs(Options))
        {
            // Same settings: nothing to do, and above all no advert sent early or late.
            return;
        }

        var old = Options;
        var oldDown = MasterDownInterval;
        Options = options;

        if (State != RouterState.Backup || Options.Version == VrrpVersion.V2)
        {
            // Only a v3 Backup learns Master_Adver_Interval from the Master; everyone else uses their own.
            MasterAdverIntervalCentiseconds = Options.AdvertIntervalCentiseconds;
        }

        var oldPriority = EffectivePriority;
        EffectivePriority = ComputeEffectivePriority();
        if (EffectivePriority != oldPriority)
        {
            Emit(new RouterAction.PriorityChanged(oldPriority, EffectivePriority, "reconfigured"));
        }

        if (State == RouterState.Master)
        {
            var added = Options.VirtualAddresses.Except(old.VirtualAddresses).ToArray();
            var removed = old.VirtualAddresses.Except(Options.VirtualAddresses).ToArray();
            if (added.Length > 0 || removed.Length > 0)
            {
                Emit(new RouterAction.VipsChanged(added, removed));
            }

            var advertChanged = EffectivePriority != oldPriority ||
                Options.AdvertIntervalCentiseconds != old.AdvertIntervalCentiseconds ||
                !Options.VirtualAddresses.SequenceEqual(old.VirtualAddresses);
            if (advertChanged)
            {
                // The Backups must learn the new priority, interval or address list now.
                SendAdvert(EffectivePriority);
                _adverTimer = NextAdvertFrom(Now);
            }
        }
        else if (State == RouterState.Backup && _masterDownTimer is { } down && MasterDownInterval != oldDown)
        {
            _masterDownTimer = down + (MasterDownInterval - oldDown);
        }
    }
}
