namespace IotStack.Nab.Synthetic;

/// <summary>The faults the generator injects (one per series at most).</summary>
internal enum FaultKind
{
    /// <summary>Clean: only noise (and seasonality); every alert is a false one.</summary>
    None,

    /// <summary>The mean steps by 2–5 noise σ and stays there.</summary>
    LevelShift,

    /// <summary>A linear ramp of 3–8 σ in total over 300–1,500 samples, then the new level stays.</summary>
    Drift,

    /// <summary>The noise σ grows 2.5–4× and stays.</summary>
    VarianceChange,

    /// <summary>The reading freezes at its last value for 100–400 samples.</summary>
    Stuck,

    /// <summary>One to three samples 6–10 σ off the level.</summary>
    Spike,

    /// <summary>The reading falls to the sensor's floor (0) for 5–50 samples, the level being far from 0.</summary>
    Dropout,
}
