using IotStack.Firmware.Esp32.Emulation.Board;

namespace nanoFramework.Hardware.Esp32;

/// <summary>The GPIO matrix: which pin carries which peripheral signal, per board, until the next reset.</summary>
public static class Configuration
{
    public static void SetPinFunction(int pin, DeviceFunction value) => BoardContext.Board.SetPinFunction(pin, (int)value);

    public static int GetFunctionPin(DeviceFunction function) => BoardContext.Board.FunctionPin((int)function);
}
