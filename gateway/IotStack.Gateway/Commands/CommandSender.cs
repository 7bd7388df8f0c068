using IotStack.Gateway.Broker;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Timeline;
using IotStack.Protocol;

namespace IotStack.Gateway.Commands;

/// <summary>Gateway → board commands: encodes, publishes QoS 1 on the device's cmd topic and records the remote action on the timeline.</summary>
internal sealed class CommandSender(IMqttPublisher mqtt, ITimeline timeline, TimeProvider time)
{
    private int _nextId = (int)(time.GetUtcNow().ToUnixTimeSeconds() & 0x3FFF_FFFF);

    public async Task<CommandOutcome> SendAsync(string fleet, string deviceId, Command command, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.CommandId = (uint)Interlocked.Increment(ref _nextId);
        var frame = new byte[command.FrameLength];
        command.WriteTo(frame, 0);
        bool published = await mqtt.PublishAsync(new DeviceTopics(fleet, deviceId).Command, frame, retain: false, cancellationToken).ConfigureAwait(false);
        string summary = $"command #{command.CommandId} {command.Kind} ch{command.Channel} by {by}: {(published ? "sent" : "not sent (broker unavailable)")}";
        await timeline.AppendAsync(new TimelineEvent(deviceId, time.GetUtcNow(), TimelineKinds.Command, "gateway", summary), cancellationToken).ConfigureAwait(false);
        return new CommandOutcome(command.CommandId, published);
    }

    /// <summary>Sends every configured channel's limits so board-side checks and gateway detectors use the same numbers.</summary>
    public async Task PushThresholdsAsync(string fleet, string deviceId, ChannelSpecs specs, CancellationToken cancellationToken)
    {
        foreach (var (channel, t) in specs.Configured())
        {
            var command = new Command
            {
                Kind = CommandKind.SetThresholds,
                Channel = channel,
                Min = (float)(t.Min ?? double.NaN),
                Max = (float)(t.Max ?? double.NaN),
                MaxRatePerSecond = (float)(t.MaxRatePerSecond ?? double.NaN),
                SigmaK = (float)(t.SigmaK ?? double.NaN),
                Window = t.Window,
            };
            await SendAsync(fleet, deviceId, command, "gateway (device online)", cancellationToken).ConfigureAwait(false);
        }
    }
}
