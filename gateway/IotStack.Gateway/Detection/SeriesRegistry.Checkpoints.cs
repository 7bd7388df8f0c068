using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Detection;

/// <summary>Checkpoints: stored state looked up per device and restored at a series' first sample; rows collected for a pass.</summary>
internal sealed partial class SeriesRegistry
{
    /// <summary>
    /// Adds to <paramref name="devices"/> the devices of <paramref name="block"/> whose stored checkpoints were not
    /// asked for yet in this process (each device once). Detection thread only; under the lock, which
    /// <see cref="Forget"/> takes from a hand-over.
    /// </summary>
    public void DevicesToLookUp(List<SampleRow> block, List<(string Fleet, string DeviceId)> devices)
    {
        lock (_sync)
        {
            DevicesToLookUpLocked(block, devices);
        }
    }

    private void DevicesToLookUpLocked(List<SampleRow> block, List<(string Fleet, string DeviceId)> devices)
    {
        devices.Clear();
        string? previous = null;
        for (int i = 0; i < block.Count; i++)
        {
            // A batch's samples share one device string: one set probe per run of them.
            SampleRow sample = block[i];
            if (ReferenceEquals(sample.DeviceId, previous))
            {
                continue;
            }

            previous = sample.DeviceId;
            if (_lookedUp.Add((sample.Fleet, sample.DeviceId)))
            {
                devices.Add((sample.Fleet, sample.DeviceId));
            }
        }
    }

    /// <summary>Stored checkpoints of a looked-up device: each is restored at its series' first sample. Detection thread only.</summary>
    public void AddStored(IReadOnlyList<DetectorStateRow> rows)
    {
        lock (_sync)
        {
            foreach (DetectorStateRow row in rows)
            {
                if (!_series.ContainsKey((row.DeviceId, row.Channel)))
                {
                    _stored[(row.DeviceId, row.Channel)] = row;
                }
            }
        }
    }

    /// <summary>Series restored and refused since the last call, and the last refusal's reason. Detection thread only.</summary>
    public (int Restored, int Refused, string? LastRefusal) TakeRestoreCounts()
    {
        (int, int, string?) counts = (_restored, _refused, _lastRefusal);
        _restored = 0;
        _refused = 0;
        _lastRefusal = null;
        return counts;
    }

    /// <summary>
    /// Checkpoint rows of the series with unsaved state, in creation order from position <paramref name="from"/>,
    /// until <paramref name="into"/> holds <paramref name="max"/>; returns the position to go on from. Any thread.
    /// </summary>
    public int CollectCheckpoints(int from, List<(SeriesDetectors Series, DetectorStateRow Row)> into, int max, long nowMs)
    {
        lock (_sync)
        {
            int i = from;
            for (; i < _all.Count && into.Count < max; i++)
            {
                SeriesDetectors series = _all[i];
                if (series.HasUnsavedState)
                {
                    into.Add((series, series.Checkpoint(nowMs)));
                }
            }

            return i;
        }
    }

    /// <summary>The rows were stored: their series are saved up to the samples each row holds.</summary>
    public void MarkSaved(List<(SeriesDetectors Series, DetectorStateRow Row)> stored)
    {
        lock (_sync)
        {
            foreach ((SeriesDetectors series, DetectorStateRow row) in stored)
            {
                series.Saved(row.Samples);
            }
        }
    }

    /// <summary>The live series of a device and channel (tests, diagnostics). Any thread.</summary>
    public SeriesDetectors? Find(string deviceId, byte channel)
    {
        lock (_sync)
        {
            return _series.GetValueOrDefault((deviceId, channel));
        }
    }

    private void Restore(SeriesDetectors detectors)
    {
        if (!_stored.Remove((detectors.DeviceId, detectors.Channel), out DetectorStateRow? row))
        {
            return;
        }

        if (detectors.Restore(row) is { } refusal)
        {
            _refused++;
            _lastRefusal = $"{detectors.DeviceId}/{detectors.Channel}: {refusal}";
        }
        else
        {
            _restored++;
        }
    }
}
