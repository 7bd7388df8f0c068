using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Sensors
{
    internal static class I2cStatus
    {
        public static SensorStatus ToSensorStatus(I2cResult result)
        {
            switch (result)
            {
                case I2cResult.Ok: return SensorStatus.Ok;
                case I2cResult.AddressNack: return SensorStatus.Nack;
                default: return SensorStatus.BusError;
            }
        }
    }
}
