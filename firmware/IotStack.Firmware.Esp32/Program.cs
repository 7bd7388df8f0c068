using System.Diagnostics;
using System.Device.Wifi;
using System.Threading;
using IotStack.Firmware.Esp32.Claim;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Ota;
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Sensors;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Networking;

namespace IotStack.Firmware.Esp32
{
    /// <summary>
    /// Boot: configuration, I2C pins, Wi-Fi (which also waits for SNTP time), the claim of a credential when the board has
    /// only an enrolment token, flash and board, then the firmware core's main loop. Everything board-specific is here and
    /// in Hal/ and Claim/; the core never names the ESP32.
    /// </summary>
    public class Program
    {
        public const string FirmwareVersion = "1.0.0";

        /// <summary>Budget while the configuration is read; the configured flash.bytes applies from then on.</summary>
        private const long ConfigFlashBudget = 256 * 1024;
        private const int AckTimeoutMs = 5000;
        private const int WifiTimeoutMs = 60000;

        public static void Main()
        {
            Esp32Board board;
            BoardEnrolment enrolment = null;
            DeviceRuntime runtime = Boot(ref enrolment, out board);
            while (runtime == null && enrolment != null)
            {
                // Not enrolled yet (the reason is on the debug port): wait out the backoff and claim again. The
                // watchdog is not armed before the main loop, and nothing here reboots: no crash loop over a bad token.
                Thread.Sleep(enrolment.RetryDelayMs);
                runtime = Boot(ref enrolment, out board);
            }

            if (runtime == null)
            {
                // Nothing sensible to do without a network or identity: the reason is on the debug port; wait.
                Thread.Sleep(Timeout.Infinite);
            }

            runtime.Start();
            board.StartWatchdog();
            runtime.Run(new ManualResetEvent(false));
        }

        /// <summary>Boots a board that needs no claim, or makes one claim attempt (see the overload).</summary>
        internal static DeviceRuntime Boot(out Esp32Board board)
        {
            BoardEnrolment enrolment = null;
            return Boot(ref enrolment, out board);
        }

        /// <summary>
        /// Everything before the main loop: configuration, pins, Wi-Fi (retried until up), the claim, flash, board, sensors,
        /// transport and core. Null, with the reason on the debug output, when the configuration is missing or incomplete
        /// (<paramref name="enrolment"/> stays null), or when the board has a claim token and no credential and this
        /// attempt to claim one failed: <paramref name="enrolment"/> then holds the attempts and the backoff, and the
        /// caller boots again with it after <see cref="BoardEnrolment.RetryDelayMs"/> (Wi-Fi, up since the first pass,
        /// reconnects by itself). Host tests and the virtual fleet's esp32 boards boot through here too, then tick the
        /// core themselves.
        /// </summary>
        internal static DeviceRuntime Boot(ref BoardEnrolment enrolment, out Esp32Board board)
        {
            board = null;
            string problem;
            InternalFlashStore configFlash = new InternalFlashStore("I:\\", ConfigFlashBudget);
            BoardConfig config = BoardConfig.Load(configFlash, out problem);
            if (config == null)
            {
                Debug.WriteLine("iotstack: cannot start, " + problem + ". See README.md (configuration).");
                return null;
            }

            // ESP32 routes I2C through the GPIO matrix: pins must be assigned to the configured controller before the
            // bus is opened (an I2cDevice on bus 2 uses whatever pins I2C2 was given).
            Configuration.SetPinFunction(config.SdaPin, config.I2cBus == 2 ? DeviceFunction.I2C2_DATA : DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(config.SclPin, config.I2cBus == 2 ? DeviceFunction.I2C2_CLOCK : DeviceFunction.I2C1_CLOCK);

            if (enrolment == null)
            {
                while (!ConnectWifi(config))
                {
                    Debug.WriteLine("iotstack: Wi-Fi not up, retrying");
                    Thread.Sleep(5000);
                }
            }

            if (config.NeedsClaim)
            {
                if (enrolment == null)
                {
                    // Its own transport: the claim session's subscription ends with it.
                    M2MqttTransport claimTransport = new M2MqttTransport(config.MqttHost, config.MqttPort, AckTimeoutMs, ReadCa(configFlash, config), null, null);
                    enrolment = new BoardEnrolment(claimTransport, new Esp32Random(), new Esp32Clock());
                }

                if (!enrolment.TryOnce(config, configFlash))
                {
                    return null;
                }
            }

            // Queue, log, settings, sequences and, with OTA, both image slots (s0.*, s1.*) and the boot and update records.
            // Made only now: the board takes its reset marker once, on the pass that goes on to run.
            InternalFlashStore flash = new InternalFlashStore("I:\\", config.FlashBytes);
            board = new Esp32Board(flash, config.WatchdogMs);

            ISensor[] sensors = new ISensor[]
            {
                new Bme280(new Esp32I2cDevice(config.I2cBus, config.Bme280Address)),
                new Sht31(new Esp32I2cDevice(config.I2cBus, config.Sht31Address), Sht31.DefaultConversionMs),
            };

            // With OTA the status reports the version of the active slot, as the boot record names it.
            BootRecord boot = config.OtaPublicKey == null ? null : BootRecord.Load(flash);
            DeviceConfig deviceConfig = new DeviceConfig(config.Fleet, config.DeviceId, boot == null ? FirmwareVersion : boot.Version);
            if (boot != null)
            {
                deviceConfig.ActiveSlot = (byte)boot.ActiveSlot;
            }

            if (config.OtaPublicKey != null && deviceConfig.InboxSlotBytes < OtaAgent.MaxFrameBytes)
            {
                deviceConfig.InboxSlotBytes = OtaAgent.MaxFrameBytes; // an offer travels whole
            }

            Esp32Clock clock = new Esp32Clock();
            DeviceRuntime runtime = new DeviceRuntime(
                deviceConfig,
                board,
                clock,
                flash,
                new M2MqttTransport(config.MqttHost, config.MqttPort, AckTimeoutMs, ReadCa(flash, config), config.MqttUser, config.MqttSecret),
                sensors);
            if (config.OtaPublicKey != null)
            {
                // The updater's reboots go through Esp32Board.Reboot: reset marker, then Power.RebootDevice().
                OtaAgent agent = new OtaAgent(runtime, runtime.Topics);
                agent.Attach(runtime, new OtaUpdater(flash, clock, board, agent, config.OtaPublicKey, FirmwareVersion, null));
            }

            return runtime;
        }

        /// <summary>The broker CA's certificate (PEM bytes) with mqtt.tls, else null (plain MQTT).</summary>
        private static byte[] ReadCa(InternalFlashStore flash, BoardConfig config)
        {
            if (!config.MqttTls)
            {
                return null;
            }

            int length = flash.Length(config.MqttCaFile);
            byte[] pem = new byte[length > 0 ? length : 0];
            if (length <= 0 || flash.Read(config.MqttCaFile, 0, pem, 0, length) != length)
            {
                // A board told to use TLS never falls back to plain MQTT: without its CA it cannot connect.
                Debug.WriteLine("iotstack: " + config.MqttCaFile + " missing, the broker cannot be verified");
                return new byte[0];
            }

            return pem;
        }

        private static bool ConnectWifi(BoardConfig config)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(WifiTimeoutMs);

            // requiresDateTime: wait for SNTP so sample time stamps are real from the first batch.
            return WifiNetworkHelper.ConnectDhcp(config.WifiSsid, config.WifiPassword, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
        }
    }
}
