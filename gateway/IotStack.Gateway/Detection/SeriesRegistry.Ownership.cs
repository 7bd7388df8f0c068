namespace IotStack.Gateway.Detection;

/// <summary>Device ownership (docs/scale.md): the series of devices another gateway owns now are dropped here.</summary>
internal sealed partial class SeriesRegistry
{
    /// <summary>
    /// Drops every series, stored checkpoint and lookup of the devices <paramref name="owned"/> picks, so that if this
    /// gateway owns them again it restores their newest checkpoint instead of resuming from what it had. Returns how many
    /// series went. Any thread: under the lock that scoring holds per block.
    /// </summary>
    public int Forget(Func<string, bool> owned)
    {
        lock (_sync)
        {
            int before = _all.Count;
            _all.RemoveAll(s => owned(s.DeviceId));
            foreach ((string DeviceId, byte Channel) key in _series.Keys.Where(k => owned(k.Item1)).ToList())
            {
                _series.Remove(key);
            }

            foreach ((string DeviceId, byte Channel) key in _stored.Keys.Where(k => owned(k.Item1)).ToList())
            {
                _stored.Remove(key);
            }

            _lookedUp.RemoveWhere(k => owned(k.Item2));
            Volatile.Write(ref _count, _series.Count);
            return before - _all.Count;
        }
    }
}
