using System.Globalization;
using IotStack.Detection;
using IotStack.Nab.Corpus;
using IotStack.Nab.Scoring;

namespace IotStack.Nab.Tests;

public sealed class NabRunnerTests
{
    [Fact]
    public void DetectAndWrite_VendoredCorpus_WritesNabResultLayoutAndScores()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"nab-out-{Guid.NewGuid():N}");
        try
        {
            IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
            var scores = new List<double[]>();
            foreach (NabSeries series in corpus)
            {
                double[] s = NabRunner.Detect(series, ChannelDetectionSpec.Default);
                Assert.All(s, v => Assert.InRange(v, 0, 1));
                NabRunner.WriteResult(series, s, outDir);
                scores.Add(s);
            }

            foreach (NabSeries series in corpus)
            {
                string[] lines = File.ReadAllLines(Path.Combine(outDir, series.RelativePath));
                Assert.Equal("timestamp,value,anomaly_score,label", lines[0]);
                Assert.Equal(series.Length + 1, lines.Length);
                int labelled = lines.Skip(1).Count(l => l.EndsWith(",1", StringComparison.Ordinal));
                Assert.Equal(series.Windows.Sum(w => w.Width), labelled);
                string[] first = lines[1].Split(',');
                Assert.Equal(series.TimestampText[0], first[0]);
                Assert.Equal(series.Values[0], double.Parse(first[1], CultureInfo.InvariantCulture));
            }

            ProfileResult standard = CorpusScorer.Score(corpus, scores, NabProfile.Standard);
            Assert.InRange(standard.NormalisedScore, -1000, 100);
            Assert.Equal(3, standard.Files.Count);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void Detect_SameInputTwice_SameScores()
    {
        NabSeries series = VendoredNab.Corpus()[2];
        Assert.Equal(NabRunner.Detect(series, ChannelDetectionSpec.Default), NabRunner.Detect(series, ChannelDetectionSpec.Default));
    }
}
