namespace IotStack.Ota.Rollouts;

internal enum CampaignEvent
{
    Start,
    WaveSettled,
    SoakPassed,
    SoakFailed,
    AllDone,
    FailureThreshold,
    Pause,
    Resume,
    Abort,
    RollbackDone,
}
