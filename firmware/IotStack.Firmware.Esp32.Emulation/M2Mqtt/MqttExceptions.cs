namespace nanoFramework.M2Mqtt.Exceptions;

/// <summary>A request M2Mqtt refuses before anything is sent (bad will, wildcard in a publish topic, ...).</summary>
public class MqttClientException : Exception
{
    public MqttClientException(MqttClientErrorCode errorCode)
        : base("M2Mqtt refused the request: " + errorCode)
    {
        ErrorCode = errorCode;
    }

    public MqttClientErrorCode ErrorCode { get; set; }
}

/// <summary>The broker could not be reached (the socket did not open).</summary>
public class MqttConnectionException : Exception
{
    public MqttConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Sending or receiving failed on an open connection (or no answer came in time).</summary>
public class MqttCommunicationException : Exception
{
    public MqttCommunicationException()
    {
    }

    public MqttCommunicationException(Exception e)
        : base(e?.Message, e)
    {
    }
}
