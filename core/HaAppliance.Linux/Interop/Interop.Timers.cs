using System.Runtime.InteropServices;

namespace HaAppliance.Linux.Interop;

internal static partial class Interop
{
    internal const int CLOCK_MONOTONIC = 1;
    internal const int TFD_CLOEXEC = 0x80000;

    /// <summary>struct itimerspec (LP64): the period, then the first expiry, each as seconds and nanoseconds.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ITimerSpec
    {
        public long IntervalSeconds;
        public long IntervalNanoseconds;
        public long ValueSeconds;
        public long ValueNanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "timerfd_create", SetLastError = true)]
    internal static partial int TimerFdCreate(int clockId, int flags);

    [LibraryImport("libc", EntryPoint = "timerfd_settime", SetLastError = true)]
    internal static unsafe partial int TimerFdSetTime(int fd, int flags, ITimerSpec* newValue, ITimerSpec* oldValue);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int fd, void* buffer, nuint count);
}
