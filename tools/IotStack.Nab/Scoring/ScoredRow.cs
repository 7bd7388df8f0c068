namespace IotStack.Nab.Scoring;

/// <summary>
/// A scorable row (outside the probationary period): the detector's anomaly score, what a detection here
/// would earn (positive in a window, a cost outside) and the corpus-wide window id (−1 = outside any window).
/// </summary>
internal readonly record struct ScoredRow(double AnomalyScore, double Reward, int WindowId);
