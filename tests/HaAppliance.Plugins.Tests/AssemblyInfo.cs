// The plugins use Linux interfaces (pidfd, /proc, setsid); so do their tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
