namespace nanoFramework.Runtime.Native;

public enum RebootOption
{
    NormalReboot = 0,
    EnterNanoBooter = 1,
    ClrOnly = 2,
    EnterProprietaryBooter = 8,
}
