using System.Runtime.Versioning;

// Network namespaces, raw sockets and netlink: these tests are Linux-only.
[assembly: SupportedOSPlatform("linux")]
