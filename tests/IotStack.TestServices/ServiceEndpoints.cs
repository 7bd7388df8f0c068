namespace IotStack.TestServices;

/// <summary>
/// Live services started on loopback by tools/test.sh, which exports their addresses as
/// IOTSTACK_TEST_* variables. A test that needs one fails with a clear message when it is absent,
/// rather than skipping: a test that cannot fail is worse than a red one.
/// </summary>
public static class ServiceEndpoints
{
    /// <summary>Mosquitto broker (MQTT 3.1.1 and 5, shared subscriptions, persistence).</summary>
    public static MqttEndpoint Mosquitto => MqttEndpoint.Parse(Require("IOTSTACK_TEST_MQTT"));

    /// <summary>The same Mosquitto's MQTT over TLS listener; its certificate chains to <see cref="MosquittoCaFile"/>.</summary>
    public static MqttEndpoint MosquittoTls => MqttEndpoint.Parse(Require("IOTSTACK_TEST_MQTT_TLS"));

    /// <summary>PEM file of the CA that signed <see cref="MosquittoTls"/>'s certificate.</summary>
    public static string MosquittoCaFile => Require("IOTSTACK_TEST_MQTT_CA");

    /// <summary>
    /// The shared Mosquitto refuses anonymous clients (as every IotStack broker does): this account has the gateway's
    /// rights (read and write every topic), for gateways under test, test publishers and probes.
    /// </summary>
    public static MqttAccount MosquittoAccount => new(Require("IOTSTACK_TEST_MQTT_USER"), Require("IOTSTACK_TEST_MQTT_PASSWORD"));

    /// <summary>
    /// The board role on the shared Mosquitto, for virtual and emulated boards: it may publish only board → gateway
    /// topics (telemetry, finding, log, status, cmd/reply, ota/request, ota/progress) and read only command and OTA
    /// offer/chunk topics, of any fleet and device (one account shared by all test boards, so tests keep random fleet ids).
    /// </summary>
    public static MqttAccount MosquittoBoardAccount => new(Require("IOTSTACK_TEST_MQTT_BOARD_USER"), Require("IOTSTACK_TEST_MQTT_BOARD_PASSWORD"));

    /// <summary>Private sshd with a throwaway user, key, pinned host key and a fake systemctl under sudo.</summary>
    public static SshEndpoint Ssh => new(
        Host: "127.0.0.1",
        Port: int.Parse(Require("IOTSTACK_TEST_SSH_PORT"), System.Globalization.CultureInfo.InvariantCulture),
        User: Require("IOTSTACK_TEST_SSH_USER"),
        PrivateKeyPath: Require("IOTSTACK_TEST_SSH_KEY"),
        HostKeyFingerprint: Require("IOTSTACK_TEST_SSH_HOSTKEY_FP"),
        SystemctlLogPath: Require("IOTSTACK_TEST_SSH_SYSTEMCTL_LOG"),
        WorkDir: Require("IOTSTACK_TEST_SSH_WORKDIR"));

    /// <summary>Throwaway PostgreSQL cluster; connection string to the `postgres` database as superuser `iot`.</summary>
    public static string PostgresConnectionString => Require("IOTSTACK_TEST_PG");

    /// <summary>S3-compatible server (s3rver) with path-style addressing.</summary>
    public static S3Endpoint S3 => new(Require("IOTSTACK_TEST_S3"), "S3RVER", "S3RVER");

    /// <summary>Debian's Chromium; as root it needs --no-sandbox (and --headless=new for Selenium).</summary>
    public static string ChromiumPath => Require("IOTSTACK_TEST_CHROMIUM");

    /// <summary>The chromedriver matching <see cref="ChromiumPath"/>; pass it to ChromeDriverService so Selenium Manager never runs.</summary>
    public static string ChromeDriverPath => Require("IOTSTACK_TEST_CHROMEDRIVER");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: this test needs a live service. Run the suite with tools/test.sh, which starts it.");
}
