using IotStack.Ota.Stores;

namespace IotStack.Gateway.Ota;

/// <summary>Bound from the <c>Ota</c> section. OTA is hosted only when a public key is configured: without it no release verifies.</summary>
internal sealed class OtaHostOptions
{
    public const string Section = "Ota";

    /// <summary>"Local" (a folder, the default) or "S3" (<see cref="S3"/>).</summary>
    public string Store { get; set; } = "Local";

    /// <summary>Release folder for the local store; default: "releases" next to the gateway's SQLite store.</summary>
    public string Folder { get; set; } = "";

    public S3StoreOptions S3 { get; set; } = new();

    /// <summary>Public key file written by <c>iotstack ota keygen</c>; or <see cref="PublicKey"/> as 64 hex digits.</summary>
    public string PublicKeyFile { get; set; } = "";

    public string PublicKey { get; set; } = "";

    /// <summary>Campaign state (SQLite); default: "ota-campaigns.db" next to the gateway's store. Unused with PostgreSQL storage: campaigns are kept there.</summary>
    public string CampaignDatabase { get; set; } = "";

    /// <summary>Fleet whose boards the chunk server answers; "+" for every fleet.</summary>
    public string Fleet { get; set; } = "+";

    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => PublicKeyFile.Length > 0 || PublicKey.Length > 0;
}
