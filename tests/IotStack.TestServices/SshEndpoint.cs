namespace IotStack.TestServices;

/// <param name="HostKeyFingerprint">"SHA256:…" as ssh-keygen -l prints it; pin this.</param>
/// <param name="SystemctlLogPath">Each call of the fake systemctl (via sudo) appends "uid=0 systemctl ARGS" here.</param>
/// <param name="WorkDir">A folder the SSH user can read and the tests (root) can write, for tailed log files.</param>
public sealed record SshEndpoint(
    string Host, int Port, string User, string PrivateKeyPath, string HostKeyFingerprint, string SystemctlLogPath, string WorkDir);
