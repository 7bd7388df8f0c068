namespace IotStack.Detection.Checkpoints;

/// <summary>A checkpoint's bytes cannot be this set's state. Thrown inside a load only; callers see a refusal.</summary>
internal sealed class CheckpointException(string message) : Exception(message);
