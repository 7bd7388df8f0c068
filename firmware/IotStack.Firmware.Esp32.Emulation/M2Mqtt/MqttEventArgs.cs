namespace nanoFramework.M2Mqtt.Messages;

public class MqttMsgPublishEventArgs : EventArgs
{
    public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
    {
        Topic = topic;
        Message = message;
        DupFlag = dupFlag;
        QosLevel = qosLevel;
        Retain = retain;
    }

    public string Topic { get; }

    public byte[] Message { get; }

    public bool DupFlag { get; }

    public MqttQoSLevel QosLevel { get; }

    public bool Retain { get; }
}

public class MqttMsgPublishedEventArgs : EventArgs
{
    public MqttMsgPublishedEventArgs(ushort messageId)
        : this(messageId, true)
    {
    }

    public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished)
    {
        MessageId = messageId;
        IsPublished = isPublished;
    }

    public ushort MessageId { get; set; }

    public bool IsPublished { get; set; }
}

public class MqttMsgSubscribedEventArgs : EventArgs
{
    public MqttMsgSubscribedEventArgs(ushort messageId, MqttQoSLevel[] grantedQosLevels)
    {
        MessageId = messageId;
        GrantedQoSLevels = grantedQosLevels;
    }

    public ushort MessageId { get; }

    public MqttQoSLevel[] GrantedQoSLevels { get; }
}
