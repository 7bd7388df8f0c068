using System.Diagnostics;
using System.Device.Wifi;
using System.Threading;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Networking;

namespace IotStack.Firmware.Esp32
{
    /// <summary>
    /// Boot: flash, board and configuration, I2C pins, Wi-Fi (which also waits for SNTP time), then the firmware
    /// core's main loop. Everything board-specific is here and in Hal/; the core never names the ESP32.
    /// </summary>
    public class Program
    {
        public const string FirmwareVersion = "1.0.0";

        /// <summary>Budget for the core's files on I:\ (queue 32 KB, log 16 KB, settings, sequences) with room to spare.</summary>
        private const long FlashBudget = 256 * 1024;
        private const int AckTimeoutMs = 5000;
        private const int WifiTimeoutMs = 60000;

        public static void Main()
        {
            InternalFlashStore flash = new InternalFlashStore("I:\\", FlashBudget);
            string problem;
            BoardConfig config = BoardConfig.Load(flash, out problem);
            if (config == null)
            {
                // Nothing sensible to do without a network or identity: say why on the debug port and wait.
                Debug.WriteLine("iotstack: cannot start, " + problem + ". See README.md (configuration).");
                Thread.Sleep(Timeout.Infinite);
            }

            Esp32Board board = new Esp32Board(flash, config.WatchdogMs);

            // ESP32 routes I2C through the GPIO matrix: pins must be assigned before the bus is opened.
            Configuration.SetPinFunction(config.SdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(config.SclPin, DeviceFunction.I2C1_CLOCK);

            while (!ConnectWifi(config))
            {
                Debug.WriteLine("iotstack: Wi-Fi not up, retrying");
                Thread.Sleep(5000);
            }

            ISensor[] sensors = new ISensor[]
            {
                new Bme280(new Esp32I2cDevice(config.I2cBus, config.Bme280Address)),
                new Sht31(new Esp32I2cDevice(config.I2cBus, config.Sht31Address), Sht31.DefaultConversionMs),
            };
            DeviceRuntime runtime = new DeviceRuntime(
                new DeviceConfig(config.Fleet, config.DeviceId, FirmwareVersion),
                board,
                new Esp32Clock(),
                flash,
                new M2MqttTransport(config.MqttHost, config.MqttPort, AckTimeoutMs),
                sensors);
            runtime.Start();
            board.StartWatchdog();
            runtime.Run(new ManualResetEvent(false));
        }

        private static bool ConnectWifi(BoardConfig config)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(WifiTimeoutMs);

            // requiresDateTime: wait for SNTP so sample time stamps are real from the first batch.
            return WifiNetworkHelper.ConnectDhcp(config.WifiSsid, config.WifiPassword, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
        }
    }
}
