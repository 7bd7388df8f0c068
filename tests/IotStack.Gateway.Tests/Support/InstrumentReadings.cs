using System.Diagnostics.Metrics;
using System.Globalization;
using IotStack.Gateway.Metrics;

namespace IotStack.Gateway.Tests.Support;

/// <summary>
/// What a <see cref="GatewayMetrics"/>' observable instruments report right now, read with a MeterListener the way
/// an exporter reads them: keyed by instrument name, plus tags as <c>name{key="value"}</c> when it has any.
/// </summary>
internal static class InstrumentReadings
{
    public static IReadOnlyDictionary<string, double> Of(GatewayMetrics metrics)
    {
        var readings = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => readings[Key(i, tags)] = value);
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => readings[Key(i, tags)] = value);
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => readings[Key(i, tags)] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }

    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return instrument.Name;
        }

        var parts = new List<string>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tag.Key}=\"{tag.Value}\""));
        }

        return $"{instrument.Name}{{{string.Join(',', parts)}}}";
    }
}
