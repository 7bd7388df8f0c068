namespace IotStack.Maintenance.Tests.Support;

/// <summary>
/// Test classes that talk to the shared test sshd run one after another: sshd's default MaxStartups (10:30:100) drops
/// handshakes at random once more than 10 are pending, which parallel classes could reach.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveSshCollection
{
    public const string Name = "live sshd";
}
