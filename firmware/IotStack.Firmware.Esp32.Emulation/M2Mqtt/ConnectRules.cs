using System.Text;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt;

/// <summary>
/// The checks M2Mqtt 5.1.220 makes while encoding CONNECT (MqttMsgConnect.GetBytes), after the socket is open and the
/// receive thread runs. For 3.1.1 and 5 (MQTT 3.1.1 §3.1.2.5-3.1.2.7): with the will flag, the will QoS must be 0..2 and
/// the will topic and message present and non-empty (as UTF-8); without it, Will Retain must be 0. The will QoS must
/// be 0..2 in every case.
/// </summary>
internal static class ConnectRules
{
    public static void Check(MqttProtocolVersion version, bool willRetain, MqttQoSLevel willQos, bool willFlag, string? willTopic, string? willMessage)
    {
        if (version is MqttProtocolVersion.Version_3_1_1 or MqttProtocolVersion.Version_5)
        {
            byte[]? topic = willFlag && willTopic is not null ? Encoding.UTF8.GetBytes(willTopic) : null;
            byte[]? message = willFlag && willMessage is not null ? Encoding.UTF8.GetBytes(willMessage) : null;
            if (willFlag && ((byte)willQos >= 0x03 || topic is null || message is null || topic.Length == 0 || message.Length == 0))
            {
                throw new MqttClientException(MqttClientErrorCode.WillWrong);
            }

            if (!willFlag && willRetain)
            {
                throw new MqttClientException(MqttClientErrorCode.WillWrong);
            }
        }

        if ((byte)willQos > (byte)MqttQoSLevel.ExactlyOnce)
        {
            throw new MqttClientException(MqttClientErrorCode.WillWrong);
        }
    }

    /// <summary>A publish topic must not hold wildcards (MQTT 3.1.1 §3.3.2.1).</summary>
    public static void CheckPublishTopic(string topic)
    {
        if (topic.Contains('#') || topic.Contains('+'))
        {
            throw new MqttClientException(MqttClientErrorCode.TopicWildcard);
        }
    }
}
