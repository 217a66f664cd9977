using System.Net;

namespace HaAppliance.Plugins.Tests.Http;

/// <summary>What the loopback server saw: request line, headers and the client's address.</summary>
internal sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, IPEndPoint Remote);
