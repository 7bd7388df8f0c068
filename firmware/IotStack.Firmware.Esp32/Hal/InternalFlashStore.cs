using System.IO;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// Files on the ESP32's internal flash file system (drive "I:\", SPIFFS/LittleFS under nanoFramework).
    /// nanoFramework's File.Move refuses an existing destination, so <see cref="Replace"/> writes "name.new", deletes
    /// the old file and renames; reading a name first finishes or undoes a replace that a power cut interrupted
    /// (old file present: the new one may be partial, drop it; old file gone: the new one was complete, keep it).
    /// Free space is tracked against a byte budget because the file system reports only its total size.
    /// </summary>
    internal sealed class InternalFlashStore : IFlashStore
    {
        private const string NewSuffix = ".new";
        private readonly string root;
        private readonly long budget;
        private long used;

        public InternalFlashStore(string root, long budget)
        {
            this.root = root;
            this.budget = budget;
            string[] files = Directory.GetFiles(root);
            for (int i = 0; i < files.Length; i++)
            {
                used += new FileInfo(files[i]).Length;
            }
        }

        public long FreeBytes
        {
            get { return budget > used ? budget - used : 0; }
        }

        public int Length(string name)
        {
            string path = Settle(name);
            return File.Exists(path) ? (int)new FileInfo(path).Length : -1;
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            string path = Settle(name);
            if (!File.Exists(path))
            {
                return 0;
            }

            try
            {
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    if (position >= stream.Length)
                    {
                        return 0;
                    }

                    stream.Seek(position, SeekOrigin.Begin);
                    int total = 0;
                    int read;
                    while (total < count && (read = stream.Read(buffer, offset + total, count - total)) > 0)
                    {
                        total += read;
                    }

                    return total;
                }
            }
            catch (IOException)
            {
                return 0;
            }
        }

        public bool Replace(string name, byte[] buffer, int offset, int count)
        {
            string path = Settle(name);
            string fresh = path + NewSuffix;
            long old = File.Exists(path) ? new FileInfo(path).Length : 0;
            if (used - old + count > budget)
            {
                return false;
            }

            try
            {
                using (FileStream stream = new FileStream(fresh, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(buffer, offset, count);
                    stream.Flush();
                }

                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(fresh, path);
                used += count - old;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public bool Append(string name, byte[] buffer, int offset, int count)
        {
            string path = Settle(name);
            if (used + count > budget)
            {
                return false;
            }

            try
            {
                using (FileStream stream = new FileStream(path, FileMode.Append, FileAccess.Write))
                {
                    stream.Write(buffer, offset, count);
                    stream.Flush();
                }

                used += count;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
        {
            string path = Settle(name);
            long old = File.Exists(path) ? new FileInfo(path).Length : 0;
            long grown = position + count - old;
            if (position < 0 || position > old || (grown > 0 && used + grown > budget))
            {
                return false;
            }

            try
            {
                using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
                {
                    stream.Seek(position, SeekOrigin.Begin);
                    stream.Write(buffer, offset, count);
                    stream.Flush();
                }

                if (grown > 0)
                {
                    used += grown;
                }

                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Delete(string name)
        {
            string path = Settle(name);
            if (File.Exists(path))
            {
                used -= new FileInfo(path).Length;
                File.Delete(path);
            }
        }

        /// <summary>The file's path, after completing or dropping a replace cut short by a reset.</summary>
        private string Settle(string name)
        {
            string path = root + name;
            string fresh = path + NewSuffix;
            if (File.Exists(fresh))
            {
                if (File.Exists(path))
                {
                    used -= new FileInfo(fresh).Length;
                    File.Delete(fresh);
                }
                else
                {
                    File.Move(fresh, path);
                }
            }

            return path;
        }
    }
}
