namespace IotStack.Ota.Rollouts;

/// <summary>The soak gate's inputs: which boards are compared with which, over which windows. Called under the engine's lock.</summary>
internal sealed partial class RolloutEngine
{
    /// <summary>
    /// Updated boards against boards still waiting for a wave over the soak window. With nobody left waiting (a
    /// one-wave campaign, the last wave) each updated board is compared with its own window of the same length just
    /// before its wave started, so the last boards of a fleet are still gated. <paramref name="waiting"/>: boards remain.
    /// </summary>
    private string? JudgeSoak(CampaignRun run, DateTimeOffset from, DateTimeOffset now, out bool waiting)
    {
        var c = run.Campaign;
        var updated = run.Devices.Values.Where(d => d.State == DeviceRolloutState.Confirmed).ToList();
        var control = run.Devices.Values.Where(d => d.Wave < 0 && !d.IsTerminal).Select(Ref).ToList();
        waiting = control.Count > 0;
        HealthSnapshot measured = _health.Measure(updated.Select(Ref).ToList(), from, now);
        if (waiting)
        {
            return HealthGate.Judge(measured, _health.Measure(control, from, now), c.Policy.Health);
        }

        return HealthGate.Judge(measured, OwnPast(c, updated, now - from), c.Policy.Health, HealthBaseline.OwnPast);
    }

    /// <summary>
    /// Health of boards over the <paramref name="length"/> before their wave started, averaged over boards (one query
    /// per wave, as a wave's boards share the window). Boards without a wave (already on the release) have no
    /// "before" and are left out; with none left the baseline is empty and the gate's absolute margins decide.
    /// </summary>
    private HealthSnapshot OwnPast(Campaign c, List<DeviceProgress> updated, TimeSpan length)
    {
        int devices = 0;
        double anomaly = 0, reboots = 0, loss = 0, errors = 0;
        foreach (var wave in updated.Where(d => d.Wave >= 0 && d.Wave < c.WaveStarts.Count).GroupBy(d => d.Wave))
        {
            DateTimeOffset start = c.WaveStarts[wave.Key];
            var boards = wave.Select(Ref).ToList();
            HealthSnapshot h = _health.Measure(boards, start - length, start);
            devices += boards.Count;
            anomaly += h.AnomalyRate * boards.Count;
            reboots += h.RebootsPerDevice * boards.Count;
            loss += h.HeartbeatLoss * boards.Count;
            errors += h.ErrorLogRate * boards.Count;
        }

        return devices == 0
            ? new HealthSnapshot(0, 0, 0, 0, 0)
            : new HealthSnapshot(devices, anomaly / devices, reboots / devices, loss / devices, errors / devices);
    }

    private static DeviceRef Ref(DeviceProgress d) => new(d.Fleet, d.Device);
}
