using System;
using System.Collections;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>
    /// Files in RAM with an optional capacity, so "storage full" can be provoked. Survives a
    /// simulated reboot by handing the same instance to a new runtime.
    /// </summary>
    internal sealed class FakeFlashStore : IFlashStore
    {
        private readonly ArrayList names = new ArrayList();
        private readonly ArrayList contents = new ArrayList();

        public FakeFlashStore()
        {
            CapacityBytes = int.MaxValue;
        }

        public int CapacityBytes { get; set; }

        public int UsedBytes
        {
            get
            {
                int used = 0;
                for (int i = 0; i < contents.Count; i++)
                {
                    used += ((byte[])contents[i]).Length;
                }

                return used;
            }
        }

        public long FreeBytes
        {
            get { return CapacityBytes - UsedBytes; }
        }

        public bool Exists(string name)
        {
            return names.IndexOf(name) >= 0;
        }

        public byte[] Get(string name)
        {
            int i = names.IndexOf(name);
            return i < 0 ? null : (byte[])contents[i];
        }

        public void Put(string name, byte[] data)
        {
            int i = names.IndexOf(name);
            if (i < 0)
            {
                names.Add(name);
                contents.Add(data);
            }
            else
            {
                contents[i] = data;
            }
        }

        public int Length(string name)
        {
            byte[] data = Get(name);
            return data == null ? -1 : data.Length;
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            byte[] data = Get(name);
            if (data == null || position >= data.Length)
            {
                return 0;
            }

            int n = data.Length - position < count ? data.Length - position : count;
            Array.Copy(data, position, buffer, offset, n);
            return n;
        }

        public bool Replace(string name, byte[] buffer, int offset, int count)
        {
            byte[] old = Get(name);
            int oldLength = old == null ? 0 : old.Length;
            if (UsedBytes - oldLength + count > CapacityBytes)
            {
                return false;
            }

            byte[] data = new byte[count];
            Array.Copy(buffer, offset, data, 0, count);
            Put(name, data);
            return true;
        }

        public bool Append(string name, byte[] buffer, int offset, int count)
        {
            return WriteAt(name, Length(name) < 0 ? 0 : Length(name), buffer, offset, count);
        }

        public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
        {
            byte[] old = Get(name);
            int oldLength = old == null ? 0 : old.Length;
            int newLength = position + count > oldLength ? position + count : oldLength;
            if (position > oldLength || UsedBytes - oldLength + newLength > CapacityBytes)
            {
                return false;
            }

            byte[] data = new byte[newLength];
            if (old != null)
            {
                Array.Copy(old, 0, data, 0, oldLength);
            }

            Array.Copy(buffer, offset, data, position, count);
            Put(name, data);
            return true;
        }

        public void Delete(string name)
        {
            int i = names.IndexOf(name);
            if (i >= 0)
            {
                names.RemoveAt(i);
                contents.RemoveAt(i);
            }
        }
    }
}
