#if NANOFRAMEWORK_1_0
using System.Runtime.CompilerServices;

// The .csproj declares InternalsVisibleTo items; an .nfproj does not read them, so the nanoFramework
// build of the device tests gets the same access here.
[assembly: InternalsVisibleTo("IotStack.Firmware.Core.Tests")]
#endif
