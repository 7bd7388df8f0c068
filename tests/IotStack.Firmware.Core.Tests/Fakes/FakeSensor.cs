using IotStack.Firmware.Sensors;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>A sensor whose next readings and failures the test scripts.</summary>
    internal sealed class FakeSensor : ISensor
    {
        private readonly byte[] channels;
        private readonly float[] values;

        public FakeSensor(string name, byte[] channels)
        {
            Name = name;
            this.channels = channels;
            values = new float[channels.Length];
            NextStatus = SensorStatus.Ok;
        }

        public string Name { get; private set; }

        public int ChannelCount
        {
            get { return channels.Length; }
        }

        /// <summary>Returned by the next reads until changed.</summary>
        public SensorStatus NextStatus { get; set; }

        public int Reads { get; private set; }

        public int Initializations { get; private set; }

        public byte ChannelAt(int index)
        {
            return channels[index];
        }

        public void Set(int index, float value)
        {
            values[index] = value;
        }

        public SensorStatus Initialize()
        {
            Initializations++;
            return SensorStatus.Ok;
        }

        public SensorStatus Read()
        {
            Reads++;
            return NextStatus;
        }

        public float ValueAt(int index)
        {
            return values[index];
        }
    }
}
