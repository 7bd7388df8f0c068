namespace IotStack.Ota.Rollouts;

internal interface ICampaignStore
{
    void SaveCampaign(Campaign campaign);

    void SaveDevice(string campaignId, DeviceProgress device);

    IReadOnlyList<(Campaign Campaign, IReadOnlyList<DeviceProgress> Devices)> LoadAll();
}
