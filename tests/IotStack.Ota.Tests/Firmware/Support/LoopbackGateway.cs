using IotStack.Firmware.Ota;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Support;

/// <summary>
/// The gateway's side of the wire, in process: queues the board's requests and answers them from a
/// release's files when <see cref="Deliver"/> runs. Records every progress report.
/// </summary>
internal sealed class LoopbackGateway : IOtaLink
{
    private readonly Queue<(uint Transfer, int File, uint Offset, int Length)> _requests = new();

    public bool IsOnline { get; set; } = true;

    public List<(OtaState State, string Reason, string Version)> Reports { get; } = [];

    public TestRelease? Serving { get; set; }

    /// <summary>Changes served bytes (a tampered store): called with file index and data before the CRC is computed.</summary>
    public Action<int, uint, byte[]>? Tamper { get; set; }

    /// <summary>Serve nothing at or past this many bytes of each file (a truncated object in the store).</summary>
    public int? TruncateAt { get; set; }

    public int Requests { get; private set; }

    /// <summary>Every request as sent: file index and offset.</summary>
    public List<(int File, uint Offset)> RequestLog { get; } = [];

    /// <summary>Most requests waiting for an answer at once (the board's window in use).</summary>
    public int MaxPending { get; private set; }

    /// <summary>Answer what is queued newest first, as several server workers may.</summary>
    public bool Reverse { get; set; }

    /// <summary>Image bytes sent to the board (a delta download sends fewer).</summary>
    public long BytesServed { get; private set; }

    public bool SendRequest(OtaChunkRequest request)
    {
        if (!IsOnline)
        {
            return false;
        }

        Requests++;
        RequestLog.Add((request.FileIndex, request.Offset));
        _requests.Enqueue((request.TransferId, request.FileIndex, request.Offset, request.Length));
        MaxPending = Math.Max(MaxPending, _requests.Count);
        return true;
    }

    public bool SendProgress(OtaProgress progress)
    {
        if (!IsOnline)
        {
            return false;
        }

        Reports.Add((progress.State, progress.Reason ?? "", progress.Version ?? ""));
        return true;
    }

    /// <summary>Answers queued requests (each answer may queue the next request) up to <paramref name="max"/> chunks.</summary>
    public int Deliver(OtaUpdater updater, int max = int.MaxValue)
    {
        int delivered = 0;
        if (Reverse && _requests.Count > 1)
        {
            var newestFirst = _requests.Reverse().ToList();
            _requests.Clear();
            newestFirst.ForEach(_requests.Enqueue);
        }

        while (delivered < max && _requests.Count > 0)
        {
            var (transfer, file, offset, length) = _requests.Dequeue();
            if (Serving is null || transfer != Serving.TransferId)
            {
                continue;
            }

            var content = Serving.Files[file];
            int limit = TruncateAt is { } t ? Math.Min(t, content.Length) : content.Length;
            if (offset >= limit)
            {
                continue;
            }

            int n = (int)Math.Min(length, limit - offset);
            var chunk = new OtaChunk { TransferId = transfer, FileIndex = file, Offset = offset, DataLength = n };
            Array.Copy(content, offset, chunk.Data, 0, n);
            Tamper?.Invoke(file, offset, chunk.Data);
            var frame = new byte[chunk.FrameLength];
            chunk.WriteTo(frame, 0);
            BytesServed += n;
            updater.HandleChunk(frame, frame.Length);
            delivered++;
        }

        return delivered;
    }

    public void DropPending() => _requests.Clear();

    public OtaState? LastState => Reports.Count == 0 ? null : Reports[^1].State;
}
