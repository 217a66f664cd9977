using HaAppliance.Vrrp;

namespace HaAppliance.Linux;

/// <summary>
/// One family's receive path of the live transport, for <c>haapp status</c> and metrics. A path that fails is
/// logged, counted and reopened with a backoff; the other family goes on receiving meanwhile.
/// </summary>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Receiving">False while the path waits to reopen its socket after a failure.</param>
/// <param name="Failures">Receive (and reopen) failures since start.</param>
/// <param name="Reopens">Times the socket was opened again after a failure.</param>
/// <param name="TtlDropped">Multicast packets dropped before the event loop because their TTL / hop limit was not 255.</param>
/// <param name="LastError">The last failure's message; null if there was none.</param>
public sealed record ReceivePathStatus(IpFamily Family, bool Receiving, long Failures, long Reopens, long TtlDropped, string? LastError);
