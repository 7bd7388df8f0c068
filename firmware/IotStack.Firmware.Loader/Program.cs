using System.Diagnostics;
using System.Threading;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Ota.Loader;
using nanoFramework.Runtime.Native;

namespace IotStack.Firmware.Loader
{
    /// <summary>
    /// Boots the application in the active OTA slot (see <see cref="SlotLoader"/>): I:\ holds the slots (s0.*, s1.*),
    /// the boot record and the loader's attempt counter. When the application's Main returns, the board restarts, as it
    /// would after the application crashed; when nothing can start, the reason goes to the debug output and the board
    /// waits (a redeploy with nanoff is then needed).
    /// </summary>
    public class Program
    {
        /// <summary>The loader writes only its attempt counter and the boot record: a small budget is enough.</summary>
        private const long FlashBudget = 4L * 1024 * 1024;

        public static void Main()
        {
            SlotLoader loader = new SlotLoader(new InternalFlashStore("I:\\", FlashBudget), new NanoAssemblyLoader(), SlotLoader.DefaultMaxAttempts);
            LoaderOutcome outcome = loader.Boot();
            if (outcome == LoaderOutcome.Started || outcome == LoaderOutcome.StartedPrevious)
            {
                Power.RebootDevice();
            }

            Debug.WriteLine("iotstack-loader: nothing started (" + ((int)outcome).ToString() + "): " + loader.Problem);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
