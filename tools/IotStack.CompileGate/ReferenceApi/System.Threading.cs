// Reference-only declarations of nanoFramework.System.Threading 1.1.52: the cancellation types. Its Task and async
// builder types are not declared; the gate's rules reject async and Task in portable code anyway.
namespace System.Threading
{
    public struct CancellationToken
    {
        public CancellationToken(bool canceled) => throw null;
        public static CancellationToken None => throw null;
        public bool IsCancellationRequested => throw null;
        public bool CanBeCanceled => throw null;
        public WaitHandle WaitHandle => throw null;
        public CancellationTokenRegistration Register(Action callback) => throw null;
        public bool Equals(CancellationToken other) => throw null;
        public override bool Equals(object other) => throw null;
        public override int GetHashCode() => throw null;
        public void ThrowIfCancellationRequested() => throw null;
    }

    public struct CancellationTokenRegistration : IDisposable
    {
        public void Dispose() => throw null;
        public static bool operator ==(CancellationTokenRegistration left, CancellationTokenRegistration right) => throw null;
        public static bool operator !=(CancellationTokenRegistration left, CancellationTokenRegistration right) => throw null;
        public override bool Equals(object obj) => throw null;
        public bool Equals(CancellationTokenRegistration other) => throw null;
        public override int GetHashCode() => throw null;
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() => throw null;
        public CancellationTokenSource(int millisecondsDelay) => throw null;
        public CancellationTokenSource(TimeSpan delay) => throw null;
        public bool IsCancellationRequested => throw null;
        public CancellationToken Token => throw null;
        public void Cancel() => throw null;
        public void Cancel(bool throwOnFirstException) => throw null;
        public void CancelAfter(TimeSpan delay) => throw null;
        public void CancelAfter(int millisecondsDelay) => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }
}
