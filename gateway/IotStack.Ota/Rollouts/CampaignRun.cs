using IotStack.Ota.Releases;

namespace IotStack.Ota.Rollouts;

/// <summary>A campaign in memory while the engine runs it: its boards, releases and in-flight deliveries.</summary>
internal sealed class CampaignRun(Campaign campaign)
{
    public Campaign Campaign { get; } = campaign;

    public Dictionary<string, DeviceProgress> Devices { get; } = new(StringComparer.Ordinal);

    public Release? Release { get; set; }

    public Release? Rollback { get; set; }

    /// <summary>Boards being (or done being) rolled back: key → finished.</summary>
    public Dictionary<string, bool> RollingBack { get; } = new(StringComparer.Ordinal);

    public CancellationTokenSource Stop { get; } = new();

    public List<Task> Deliveries { get; } = [];

    public bool IsActive => Campaign.State is not (CampaignState.Completed or CampaignState.Aborted);

    public IEnumerable<DeviceProgress> InWave(int wave) => Devices.Values.Where(d => d.Wave == wave);
}
