using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IotStack.Protocol;

namespace IotStack.Bench;

/// <summary>
/// A 10-sample telemetry batch through the binary codec, against System.Text.Json of the same data
/// (the baseline a JSON-over-MQTT design would pay). Decode goes into a reused batch: 0 B expected.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TelemetryCodecBenchmarks
{
    private readonly TelemetryBatch _batch = new() { Sequence = 1 };
    private readonly TelemetryBatch _decoded = new();
    private readonly byte[] _frame = new byte[Frame.MaxFrameSize];
    private byte[] _encodedFrame = [];
    private int _frameLength;
    private JsonBatch _json = new();
    private byte[] _jsonBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _json = new JsonBatch { Sequence = 1, Samples = new JsonSample[10] };
        for (int i = 0; i < 10; i++)
        {
            long time = 1_700_000_000_000 + (i * 1000);
            float value = 20.5f + (i * 0.25f);
            byte channel = (byte)(1 + (i % 3));
            _batch.Add(channel, time, value);
            _json.Samples[i] = new JsonSample { Channel = channel, TimeMs = time, Value = value };
        }

        _frameLength = _batch.WriteTo(_frame, 0);
        _encodedFrame = _frame[.._frameLength];
        _jsonBytes = JsonSerializer.SerializeToUtf8Bytes(_json);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Decode")]
    public int DecodeJson() => JsonSerializer.Deserialize<JsonBatch>(_jsonBytes)!.Samples!.Length;

    [Benchmark, BenchmarkCategory("Decode")]
    public int DecodeBinary() => _decoded.ReadFrom(_encodedFrame, 0, _encodedFrame.Length) == DecodeStatus.Ok ? _decoded.Count : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("Encode")]
    public int EncodeJson() => JsonSerializer.SerializeToUtf8Bytes(_json).Length;

    [Benchmark, BenchmarkCategory("Encode")]
    public int EncodeBinary() => _batch.WriteTo(_frame, 0);

    public sealed class JsonBatch
    {
        public uint Sequence { get; set; }

        public JsonSample[]? Samples { get; set; }
    }

    public sealed class JsonSample
    {
        public byte Channel { get; set; }

        public long TimeMs { get; set; }

        public float Value { get; set; }
    }
}
