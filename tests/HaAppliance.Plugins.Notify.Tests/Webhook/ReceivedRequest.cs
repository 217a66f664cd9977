using System.Collections.Specialized;

namespace HaAppliance.Plugins.Notify.Tests.Webhook;

/// <summary>A request the receiver got.</summary>
internal sealed record ReceivedRequest(string Method, string Path, NameValueCollection Headers, string Body, int Status);
