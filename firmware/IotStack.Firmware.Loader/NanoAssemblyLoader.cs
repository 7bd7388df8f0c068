using System;
using System.Reflection;
using IotStack.Firmware.Ota.Loader;

namespace IotStack.Firmware.Loader
{
    /// <summary>
    /// <see cref="IAssemblyLoader"/> on nanoFramework: <c>Assembly.Load(byte[])</c> per .pe image, then the public static
    /// parameterless <c>Main</c> of the last assembly loaded (the application's), found by reflection and called on this
    /// thread. The application's Main runs the board for good, so <see cref="Start"/> returns only when it throws
    /// (false: a failed start) or returns.
    /// </summary>
    internal sealed class NanoAssemblyLoader : IAssemblyLoader
    {
        private Assembly last;

        public bool Load(string name, byte[] image)
        {
            try
            {
                last = Assembly.Load(image);
                return last != null;
            }
            catch (Exception)
            {
                return false; // not a valid .pe for this runtime, or a missing dependency
            }
        }

        public bool Start()
        {
            MethodInfo main = FindMain(last);
            if (main == null)
            {
                return false;
            }

            try
            {
                main.Invoke(null, null);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static MethodInfo FindMain(Assembly assembly)
        {
            if (assembly == null)
            {
                return null;
            }

            Type[] types = assembly.GetTypes();
            for (int i = 0; i < types.Length; i++)
            {
                MethodInfo[] methods = types[i].GetMethods();
                for (int m = 0; m < methods.Length; m++)
                {
                    if (methods[m].Name == "Main" && methods[m].IsStatic && methods[m].IsPublic && methods[m].GetParameters().Length == 0)
                    {
                        return methods[m];
                    }
                }
            }

            return null;
        }
    }
}
