namespace IotStack.Nab.Synthetic;

/// <summary>A seeded stream of unit-variance noise of one <see cref="NoiseModel"/> (state: the AR(1) term).</summary>
internal sealed class NoiseSource
{
    private const double Phi = 0.9;
    private const double StudentNu = 5;
    private readonly Random _random;
    private readonly NoiseModel _model;
    private double _ar;

    public NoiseSource(NoiseModel model, Random random)
    {
        _model = model;
        _random = random;
    }

    public double Next() => _model switch
    {
        NoiseModel.Gaussian => Gaussian(),
        NoiseModel.Uniform => Math.Sqrt(3) * ((2 * _random.NextDouble()) - 1),
        NoiseModel.Ar1 => _ar = (Phi * _ar) + (Math.Sqrt(1 - (Phi * Phi)) * Gaussian()),
        NoiseModel.StudentT => StudentT() * Math.Sqrt((StudentNu - 2) / StudentNu),
        _ => throw new ArgumentOutOfRangeException(nameof(_model)),
    };

    public double Gaussian()
    {
        // Box–Muller; 1 − U keeps the logarithm finite.
        double u = 1 - _random.NextDouble();
        double v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    // t = Z / sqrt(χ²_ν / ν), χ²_ν as a sum of ν squared normals (ν is a small integer here).
    private double StudentT()
    {
        double chi = 0;
        for (int k = 0; k < (int)StudentNu; k++)
        {
            double z = Gaussian();
            chi += z * z;
        }

        return Gaussian() / Math.Sqrt(chi / StudentNu);
    }
}
