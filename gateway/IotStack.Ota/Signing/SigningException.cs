namespace IotStack.Ota.Signing;

/// <summary>A key file that cannot be used (missing, malformed, wrong size): an operator error to report, not input to retry.</summary>
internal sealed class SigningException(string message, Exception? inner = null) : Exception(message, inner);
