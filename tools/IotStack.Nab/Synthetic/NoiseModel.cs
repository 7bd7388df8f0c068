namespace IotStack.Nab.Synthetic;

/// <summary>Noise around the level; every model has unit variance, so fault sizes in σ mean the same for all.</summary>
internal enum NoiseModel
{
    Gaussian,

    /// <summary>Uniform on [−√3, √3]: bounded, no tail at all (quantised or dithered readings).</summary>
    Uniform,

    /// <summary>AR(1) with φ = 0.9 (innovations scaled by √(1 − φ²)): slow wander, as a thermal mass gives.</summary>
    Ar1,

    /// <summary>Student-t with ν = 5, scaled by √(3/5): heavy tails, occasional 5 σ samples that are not faults.</summary>
    StudentT,
}
