using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Devices;

/// <summary>
/// Device ownership (docs/scale.md): a gateway tracks the devices it owns only, so exactly one gateway watches each
/// device's silence. A device taken over starts from its stored record (first seen, state, last seen), so it keeps its
/// history and a board that went quiet during the hand-over is still found silent.
/// </summary>
internal sealed partial class DeviceMonitor
{
    public async Task AdoptAsync(Func<string, bool> owned, CancellationToken cancellationToken)
    {
        IReadOnlyList<DeviceRecord> stored = await _store.ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            foreach (DeviceRecord record in stored)
            {
                if (owned(record.DeviceId) && !_devices.ContainsKey(record.DeviceId))
                {
                    _devices[record.DeviceId] = new DeviceLive(record) { LastHeard = record.LastSeen, Offline = record.State == DeviceState.Offline };
                }
            }
        }
    }

    /// <summary>Stops tracking the devices <paramref name="owned"/> picks; with <paramref name="save"/>, their unsaved records are written first.</summary>
    public async Task ReleaseAsync(Func<string, bool> owned, bool save, CancellationToken cancellationToken)
    {
        var dirty = new List<DeviceRecord>();
        lock (_sync)
        {
            foreach (DeviceLive device in _devices.Values.Where(d => owned(d.Record.DeviceId)).ToList())
            {
                if (save && device.Dirty)
                {
                    dirty.Add(device.Record);
                }

                _devices.Remove(device.Record.DeviceId);
            }
        }

        foreach (DeviceRecord record in dirty)
        {
            await _store.UpsertDeviceAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }
}
