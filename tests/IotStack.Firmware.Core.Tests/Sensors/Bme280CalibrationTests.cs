#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Sensors;

namespace IotStack.Firmware.Tests.Sensors
{
    [TestClass]
    public class Bme280CalibrationTests
    {
        [TestMethod]
        public void CompensateTemperature_DatasheetExample_Returns2508Centidegrees()
        {
            Bme280Calibration cal = DatasheetExample();

            double celsius = cal.CompensateTemperature(519888);

            Near.Equal(25.08, celsius, 0.005, "temperature °C");
            Near.Equal(128422, cal.TFine, 0.5, "t_fine");
        }

        [TestMethod]
        public void CompensatePressure_DatasheetExample_Returns100653Pa()
        {
            Bme280Calibration cal = DatasheetExample();
            cal.CompensateTemperature(519888);

            double pascal = cal.CompensatePressure(415148);

            Near.Equal(100653.27, pascal, 0.5, "pressure Pa");
        }

        [TestMethod]
        public void CompensatePressure_BlankCalibration_ReturnsZeroInsteadOfDividingByZero()
        {
            Bme280Calibration cal = DatasheetExample();
            cal.P1 = 0;
            cal.CompensateTemperature(519888);

            Assert.AreEqual(0.0, cal.CompensatePressure(415148));
        }

        [TestMethod]
        public void CompensateHumidity_SeveralRawValues_MatchesDatasheetIntegerFormula()
        {
            Bme280Calibration cal = DatasheetExample();
            cal.CompensateTemperature(519888);
            int[] raw = new int[] { 25000, 27000, 30000, 33000, 35000 };
            for (int i = 0; i < raw.Length; i++)
            {
                double expected = IntegerHumidity(cal, (int)cal.TFine, raw[i]) / 1024.0;
                Near.Equal(expected, cal.CompensateHumidity(raw[i]), 0.01, "humidity for raw " + raw[i].ToString());
            }
        }

        [TestMethod]
        public void CompensateHumidity_RawBeyondRange_ClampsTo0And100()
        {
            Bme280Calibration cal = DatasheetExample();
            cal.CompensateTemperature(519888);

            Assert.AreEqual(0.0, cal.CompensateHumidity(1000));
            Assert.AreEqual(100.0, cal.CompensateHumidity(60000));
        }

        [TestMethod]
        public void Decode_RegisterImage_UnpacksSignedAndSharedNibbleFields()
        {
            byte[] tp = new byte[Bme280.CalibTpLength];
            byte[] h = new byte[Bme280.CalibHLength];
            PutU16(tp, 0, 27504);
            PutU16(tp, 2, 26435);
            PutU16(tp, 4, -1000);
            PutU16(tp, 6, 36477);
            PutU16(tp, 8, -10685);
            PutU16(tp, 22, 6000);
            tp[25] = 75;
            PutU16(h, 0, 370);
            h[2] = 0;
            // dig_H4 = -5 (0xFFB) and dig_H5 = -3 (0xFFD) share 0xE5 (datasheet Table 16).
            h[3] = 0xFF;
            h[4] = 0xDB;
            h[5] = 0xFF;
            h[6] = unchecked((byte)-7);

            Bme280Calibration cal = new Bme280Calibration();
            cal.Decode(tp, h);

            Assert.AreEqual((int)27504, (int)cal.T1);
            Assert.AreEqual((int)26435, (int)cal.T2);
            Assert.AreEqual((int)-1000, (int)cal.T3);
            Assert.AreEqual((int)36477, (int)cal.P1);
            Assert.AreEqual((int)-10685, (int)cal.P2);
            Assert.AreEqual((int)6000, (int)cal.P9);
            Assert.AreEqual((int)75, (int)cal.H1);
            Assert.AreEqual((int)370, (int)cal.H2);
            Assert.AreEqual((int)-5, (int)cal.H4);
            Assert.AreEqual((int)-3, (int)cal.H5);
            Assert.AreEqual((int)-7, (int)cal.H6);
        }

        internal static Bme280Calibration DatasheetExample()
        {
            Bme280Calibration cal = new Bme280Calibration();
            cal.T1 = 27504;
            cal.T2 = 26435;
            cal.T3 = -1000;
            cal.P1 = 36477;
            cal.P2 = -10685;
            cal.P3 = 3024;
            cal.P4 = 2855;
            cal.P5 = 140;
            cal.P6 = -7;
            cal.P7 = 15500;
            cal.P8 = -14600;
            cal.P9 = 6000;

            // Humidity trimming of a typical part (the datasheet gives no worked humidity example).
            cal.H1 = 75;
            cal.H2 = 370;
            cal.H3 = 0;
            cal.H4 = 313;
            cal.H5 = 50;
            cal.H6 = 30;
            return cal;
        }

        /// <summary>The datasheet's 32-bit integer humidity compensation (§4.2.3), an independent oracle: %RH × 1024.</summary>
        private static int IntegerHumidity(Bme280Calibration c, int tFine, int adcH)
        {
            int v = tFine - 76800;
            v = (((adcH << 14) - (c.H4 << 20) - (c.H5 * v) + 16384) >> 15)
                * (((((((v * c.H6) >> 10) * (((v * c.H3) >> 11) + 32768)) >> 10) + 2097152) * c.H2 + 8192) >> 14);
            v = v - (((((v >> 15) * (v >> 15)) >> 7) * c.H1) >> 4);
            v = v < 0 ? 0 : v;
            v = v > 419430400 ? 419430400 : v;
            return v >> 12;
        }

        private static void PutU16(byte[] b, int at, int value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }
    }
}
