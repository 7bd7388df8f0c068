namespace IotStack.Ota.Stores;

/// <summary>A write to the image store failed (publishing stops; nothing half-published is offered, because the manifest goes last).</summary>
internal sealed class ImageStoreException(string message, Exception? inner = null) : Exception(message, inner);
