// The plugins use Linux interfaces (pidfd, /proc, setsid); so do their tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Fixtures keep per-test state (captured logs, temporary folders) in fields.
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
