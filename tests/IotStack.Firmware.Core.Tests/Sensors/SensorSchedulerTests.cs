#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Sensors;

namespace IotStack.Firmware.Tests.Sensors
{
    [TestClass]
    public class SensorSchedulerTests
    {
        [TestMethod]
        public void IsDue_PerSensorPeriods_FollowsEachSchedule()
        {
            SensorScheduler scheduler = new SensorScheduler(2);
            scheduler.Schedule(0, 0, 1000);
            scheduler.Schedule(1, 0, 250);

            Assert.IsFalse(scheduler.IsDue(0, 999));
            Assert.IsTrue(scheduler.IsDue(0, 1000));
            Assert.IsTrue(scheduler.IsDue(1, 250));
            Assert.AreEqual(250L, scheduler.MsUntilNext(0));
        }

        [TestMethod]
        public void Schedule_LateTick_DoesNotCatchUpInABurst()
        {
            SensorScheduler scheduler = new SensorScheduler(1);
            scheduler.Schedule(0, 0, 1000);

            scheduler.Schedule(0, 5300, 1000); // read happened 4.3 s late

            Assert.IsFalse(scheduler.IsDue(0, 5400));
            Assert.IsTrue(scheduler.IsDue(0, 6300));
        }

        [TestMethod]
        public void MsUntilNext_SensorOverdue_IsZero()
        {
            SensorScheduler scheduler = new SensorScheduler(1);
            scheduler.Schedule(0, 0, 100);

            Assert.AreEqual(0L, scheduler.MsUntilNext(500));
        }
    }
}
