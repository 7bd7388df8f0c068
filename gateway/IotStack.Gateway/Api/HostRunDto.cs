namespace IotStack.Gateway.Api;

/// <summary>What a host command did, as audited (<see cref="AuditId"/> finds it in the audit log).</summary>
internal sealed record HostRunDto(string Host, string Template, string Status, int? ExitCode, string Output, string Error, string Message, long AuditId);
