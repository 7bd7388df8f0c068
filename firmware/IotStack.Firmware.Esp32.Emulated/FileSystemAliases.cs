// .NET has its own System.IO.File, FileInfo, Directory and FileStream, which the ESP32 sources' `using System.IO;`
// would bind to. These aliases bind those names to nanoFramework's behaviour on the board's I:\ drive instead (an alias
// wins over a type imported by a using directive). The enums (FileMode, FileAccess, SeekOrigin) have the same values in
// both frameworks and stay .NET's.
global using Directory = IotStack.Firmware.Esp32.Emulation.IO.Directory;
global using File = IotStack.Firmware.Esp32.Emulation.IO.File;
global using FileInfo = IotStack.Firmware.Esp32.Emulation.IO.FileInfo;
global using FileStream = IotStack.Firmware.Esp32.Emulation.IO.FileStream;
