using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>Receives every board's status report seen by the chunk server (reboot counting for the soak gate). Called from MQTT threads.</summary>
internal interface IBoardStatusSink
{
    void OnStatus(string fleet, string device, StatusReport status);
}
