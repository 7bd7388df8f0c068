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

    [Fact]
    public void Detect_PrefixOfASeries_ScoresEveryRowAsTheFullSeriesDid()
    {
        // No look-ahead: a row's score may depend only on the rows before it, so cutting the file after row k
        // cannot change rows 0..k.
        NabSeries series = VendoredNab.Corpus()[1];
        double[] full = NabRunner.Detect(series, ChannelDetectionSpec.Default);
        foreach (int length in new[] { 400, 900, series.Length - 1 })
        {
            var prefix = new NabSeries(series.RelativePath, series.TimestampText[..length], series.TimestampsMs[..length], series.Values[..length], []);
            Assert.Equal(full[..length], NabRunner.Detect(prefix, ChannelDetectionSpec.Default));
        }
    }

    [Fact]
    public void Detect_ChangedFutureRows_LeaveEarlierScoresAlone()
    {
        NabSeries series = VendoredNab.Corpus()[1];
        double[] original = NabRunner.Detect(series, ChannelDetectionSpec.Default);
        double[] values = (double[])series.Values.Clone();
        const int Cut = 2000;
        for (int i = Cut; i < values.Length; i++)
        {
            values[i] = values[i] * 10;
        }

        var altered = new NabSeries(series.RelativePath, series.TimestampText, series.TimestampsMs, values, series.Windows);
        double[] scores = NabRunner.Detect(altered, ChannelDetectionSpec.Default);
        Assert.Equal(original[..Cut], scores[..Cut]);
        Assert.NotEqual(original[Cut..], scores[Cut..]);
    }
}
