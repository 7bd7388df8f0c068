namespace IotStack.Nab.Scoring;

/// <summary>Raw NAB score of one file (or corpus) at one threshold, with detected / missed windows and false positives.</summary>
internal readonly record struct FileScore(double Raw, int DetectedWindows, int MissedWindows, int FalsePositives);
