namespace IotStack.Ota.Releases;

/// <summary>A release, or why it cannot be used.</summary>
internal readonly record struct ReleaseLookup(Release? Release, string? Error);
