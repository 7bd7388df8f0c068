namespace IotStack.Gateway.Options;

/// <summary>Latest value of <see cref="Channel"/> above <see cref="Above"/> and/or below <see cref="Below"/>.</summary>
internal sealed class ConditionOptions
{
    public int Channel { get; set; }

    public double? Above { get; set; }

    public double? Below { get; set; }
}
