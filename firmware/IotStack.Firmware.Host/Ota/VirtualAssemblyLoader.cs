using IotStack.Firmware.Ota.Loader;

namespace IotStack.Firmware.Host.Ota;

/// <summary>
/// The virtual board's <see cref="IAssemblyLoader"/>. A host cannot run nanoFramework .pe files, and a virtual board's
/// release files are opaque bytes (what the gateway serves): every image <see cref="SlotLoader"/> hands over has already
/// matched its signed size and SHA-256, and "loading" it only records it. <see cref="Start"/> resolves the release's
/// entry point to the host firmware core, run as the version the boot record names (per-version behaviour comes from
/// the fleet's release faults). So slot choice, load order, attempt counting and fallback are the loader's own code,
/// exactly as on a board; only <c>Assembly.Load</c> and the reflective <c>Main</c> call are stood in for.
/// </summary>
internal sealed class VirtualAssemblyLoader(Func<bool> entryPoint) : IAssemblyLoader
{
    private readonly List<string> loaded = [];

    /// <summary>The images of the last boot, in load order.</summary>
    public IReadOnlyList<string> Loaded => loaded;

    public bool Load(string name, byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        loaded.Add(name);
        return true;
    }

    public bool Start()
    {
        try
        {
            return entryPoint();
        }
#pragma warning disable CA1031 // as the board's loader: whatever the application throws on start is a failed start
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>Forgets the last boot's images (the board restarts).</summary>
    public void Clear() => loaded.Clear();
}
