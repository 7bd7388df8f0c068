using IotStack.Detection.Options;

namespace IotStack.Detection.Tests;

public sealed class DetectorSetTests
{
    [Fact]
    public void Observe_SeedRuleOnSeedSeries_FlagsOnly100()
    {
        var set = new DetectorSet(ChannelDetectionSpec.SeedRule);
        double[] series = [25.6, 26.2, 26.8, 27.3, 100.0, 26.5, 25.9];
        var flagged = new List<double>();
        for (int i = 0; i < series.Length; i++)
        {
            DetectionResult result = set.Observe(Signals.Time(i), series[i]);
            if (result.IsAnomaly)
            {
                flagged.Add(result.Strongest.Value);
                Assert.Equal(DetectionRule.SigmaBand, result.Strongest.Rule);
            }
        }

        Assert.Equal([100.0], flagged);
    }

    [Fact]
    public void Observe_StrongestFinding_ComesFromTheRuleThatFired()
    {
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            Threshold = new ThresholdOptions { Max = 40 },
            RobustZ = new RobustZOptions(),
        });
        double[] values = Signals.Sinusoid(200, 1);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.False(set.Observe(Signals.Time(i), values[i]).IsAnomaly);
        }

        DetectionResult result = set.Observe(Signals.Time(200), 41);
        Assert.True(result.IsAnomaly);
        Assert.Equal(1, result.Score);
        Assert.Equal(DetectionRule.Threshold, result.Strongest.Rule);
    }

    [Fact]
    public void Observe_WithinSuppressionSpan_RepeatIsNotAnAlert()
    {
        var set = new DetectorSet(new ChannelDetectionSpec { Threshold = new ThresholdOptions { Max = 10 }, SuppressSamples = 3 });
        bool[] alerts = Enumerable.Range(0, 6).Select(i => set.Observe(i, 20).IsAnomaly).ToArray();
        Assert.Equal([true, false, false, false, true, false], alerts);
    }

    [Fact]
    public void Observe_WithinSuppressionSpan_MuchWorseSampleAlertsAgain()
    {
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            RateOfChange = new RateOfChangeOptions { MaxPerSecond = 1 },
            SuppressSamples = 10,
            EscalationMargin = 0.1,
        });
        set.Observe(0, 0);
        Assert.True(set.Observe(1000, 1.5).IsAnomaly);   // rate 1.5/s → score ≈ 0.69
        Assert.False(set.Observe(2000, 3.2).IsAnomaly);  // 1.7/s: same episode, not much worse
        Assert.True(set.Observe(3000, 8).IsAnomaly);     // 4.8/s → score ≈ 0.96: escalation
    }

    [Fact]
    public void Observe_SuppressedSample_StillReportsFinding()
    {
        var set = new DetectorSet(new ChannelDetectionSpec { Threshold = new ThresholdOptions { Max = 10 }, SuppressSamples = 3 });
        set.Observe(0, 20);
        DetectionResult repeat = set.Observe(1, 30);
        Assert.Equal(0, repeat.Score);
        Assert.True(repeat.Strongest.IsAnomaly);
        Assert.Equal(30, repeat.Strongest.Value);
    }

    [Fact]
    public void Observe_NonFiniteValue_IsIgnored()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.Sinusoid(500, 2);
        for (int i = 0; i < values.Length; i++)
        {
            set.Observe(Signals.Time(i), values[i]);
        }

        Assert.Equal(0, set.Observe(Signals.Time(500), double.NaN).Score);
        Assert.Equal(0, set.Observe(Signals.Time(501), double.PositiveInfinity).Score);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Observe_DefaultEnsembleOnSpikeAfterHistory_FindsSpikeAsRarestSample(int seed)
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.WithSpike(Signals.Sinusoid(3000, seed), 2500, 10);
        DetectionResult atSpike = default;
        for (int i = 0; i < values.Length; i++)
        {
            DetectionResult result = set.Observe(Signals.Time(i), values[i]);
            if (i == 2500)
            {
                atSpike = result;
            }
        }

        // The combined score may be suppressed by an earlier alert of the same episode window; the finding is not.
        Assert.True(atSpike.Strongest.IsAnomaly, atSpike.Strongest.Explain());
        Assert.Equal(values[2500], atSpike.Strongest.Value);
    }

    [Fact]
    public void Observe_DefaultEnsembleFirstAlertAfterHistory_IsTheSpike()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.WithSpike(Signals.Sinusoid(1500, 3), 1200, 10);
        int first = -1;
        for (int i = 0; i < values.Length && first < 0; i++)
        {
            first = set.Observe(Signals.Time(i), values[i]).IsAnomaly ? i : -1;
        }

        Assert.Equal(1200, first);
    }

    [Fact]
    public void Observe_DailyPatternExplainedBySeason_RegularJumpQuietMissingJumpAlerts()
    {
        // Five-minute samples, a jump to 75 at 09:00–12:00 each day; on day 12 the jump does not come.
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        var random = new Random(5);
        int firstAlert = -1;
        const int PerDay = 288;
        for (int i = 0; i < 14 * PerDay && firstAlert < 0; i++)
        {
            int minute = i % PerDay * 5;
            bool high = minute >= 9 * 60 && minute < 12 * 60 && i / PerDay != 12;
            double value = (high ? 75 : 20) + random.NextDouble();
            if (set.Observe(i * 300_000L, value).IsAnomaly && i >= 4 * PerDay)
            {
                firstAlert = i;
            }
        }

        // 09:05 on day 12: the seasonal rule must find two consecutive samples rare (Rarity.PersistSamples 2).
        Assert.Equal((12 * PerDay) + 109, firstAlert);
    }

    [Fact]
    public void Observe_SteadyState_AllocatesNothing()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.Sinusoid(20_000, 3);
        for (int i = 0; i < 10_000; i++)
        {
            set.Observe(Signals.Time(i), values[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 10_000; i < values.Length; i++)
        {
            set.Observe(Signals.Time(i), values[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reset_ForgetsLearntState()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        var fresh = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.WithLevelShift(Signals.Sinusoid(1500, 4), 1000, 5);
        for (int i = 0; i < values.Length; i++)
        {
            set.Observe(Signals.Time(i), values[i]);
        }

        set.Reset();
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(fresh.Observe(Signals.Time(i), values[i]).Score, set.Observe(Signals.Time(i), values[i]).Score);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Observe_LikelihoodAloneOnNoiseBurst_AlertsInsideTheBurstAndNotBefore(int seed)
    {
        // Noise three times its usual σ for 100 samples: each sample is only a little unusual, the run is not.
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            RobustZ = new RobustZOptions { Window = 48, K = 3 },
            Likelihood = new LikelihoodOptions { KeepRarity = false },
        });
        double[] values = Signals.WithNoiseBurst(Signals.Sinusoid(2000, seed, amplitude: 0), 1500, 100, 0.6, seed);
        var alerts = new List<int>();
        for (int i = 0; i < values.Length; i++)
        {
            if (set.Observe(Signals.Time(i), values[i]).IsAnomaly)
            {
                alerts.Add(i);
            }
        }

        Assert.NotEmpty(alerts);
        Assert.InRange(alerts[0], 1500, 1600);
    }

    [Theory]
    [InlineData(1, 1, 1200)]
    [InlineData(2, 1, -1)]
    [InlineData(2, 2, 1201)]
    public void Observe_RarityWithPersistence_LoneOutlierQuietTwoSampleExcursionAlertsAtSecond(int persistSamples, int excursionLength, int expectedFirstAlert)
    {
        // One rule scored by rarity: an outlier well past its band is a record whatever the persistence; with
        // PersistSamples 2 it takes two consecutive rare samples, so a lone one stays quiet.
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            RobustZ = new RobustZOptions { Window = 48, K = 3 },
            Rarity = new RarityOptions { AlertProbability = 0.004, MinRuleScore = 0.3, PersistSamples = persistSamples },
        });
        double[] values = Signals.Sinusoid(1500, 3, amplitude: 0);
        for (int i = 1200; i < 1200 + excursionLength; i++)
        {
            values[i] += 3;
        }

        int first = -1;
        for (int i = 0; i < values.Length && first < 0; i++)
        {
            first = set.Observe(Signals.Time(i), values[i]).IsAnomaly ? i : -1;
        }

        Assert.Equal(expectedFirstAlert, first);
    }

    [Fact]
    public void Observe_WarningLevel_LoneOutlierThatPersistenceHoldsBackIsAWarning()
    {
        // As above (PersistSamples 2, one outlier): no alert, but the lone record scores in the warning band.
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            RobustZ = new RobustZOptions { Window = 48, K = 3 },
            Rarity = new RarityOptions { AlertProbability = 0.004, MinRuleScore = 0.3, PersistSamples = 2 },
            WarningScore = 0.3,
            WarningSamples = 100,
        });
        double[] values = Signals.Sinusoid(1500, 3, amplitude: 0);
        values[1200] += 3;
        for (int i = 0; i < values.Length; i++)
        {
            DetectionResult result = set.Observe(Signals.Time(i), values[i]);
            Assert.False(result.IsAnomaly, $"sample {i}");
            if (i == 1200)
            {
                Assert.InRange(result.Score, 0.3, 0.4999);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Observe_DefaultSpecWarnings_OncePerSpanAndAlertsUnchanged(int seed)
    {
        ChannelDetectionSpec spec = ChannelDetectionSpec.Default;
        var withWarnings = new DetectorSet(spec);
        var without = new DetectorSet(spec with { WarningScore = 0 });
        double[] values = Signals.WithNoiseBurst(Signals.WithLevelShift(Signals.RandomWalk(6000, seed), 4000, 3), 2000, 200, 1.5, seed);
        for (int i = 1000; i < 6000; i += 350)
        {
            values[i] += 2;
        }

        int lastReport = -1_000_000;
        int warnings = 0;
        for (int i = 0; i < values.Length; i++)
        {
            DetectionResult result = withWarnings.Observe(Signals.Time(i), values[i]);
            Assert.Equal(without.Observe(Signals.Time(i), values[i]).IsAnomaly, result.IsAnomaly);
            if (result.Score >= spec.WarningScore && !result.IsAnomaly)
            {
                Assert.True(i - lastReport >= spec.WarningSamples, $"warning at {i} only {i - lastReport} after the last report");
                warnings++;
            }

            if (result.Score >= spec.WarningScore)
            {
                lastReport = i;
            }
        }

        Assert.InRange(warnings, 1, values.Length / spec.WarningSamples);
    }

    [Fact]
    public void Observe_DefaultSpecOnRepeatedSpikes_AlertsAtMostOncePerRefractorySpan()
    {
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        double[] values = Signals.Sinusoid(4000, 3);
        for (int i = 2000; i < 4000; i += 40)
        {
            // Equal spikes: none is a new extreme after the first, so none may break the span.
            values[i] = 18;
        }

        int lastAlert = -1_000_000;
        int alerts = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (set.Observe(Signals.Time(i), values[i]).IsAnomaly)
            {
                Assert.True(i - lastAlert > ChannelDetectionSpec.Default.SuppressSamples, $"alert at {i} only {i - lastAlert} after the last");
                lastAlert = i;
                alerts++;
            }
        }

        Assert.InRange(alerts, 1, 2000 / ChannelDetectionSpec.Default.SuppressSamples + 1);
    }

    [Fact]
    public void Observe_RangeMarginAlone_LevelJumpAlertsWhileValuesInsideTheRangeStayQuiet()
    {
        var set = new DetectorSet(new ChannelDetectionSpec { RangeMargin = new RangeMarginOptions { MinSamples = 500 } });
        double[] values = Signals.Sinusoid(1500, 4);
        double high = values.Take(1000).Max();
        double low = values.Take(1000).Min();
        for (int i = 1000; i < values.Length; i++)
        {
            values[i] += (high - low) * 1.5;
        }

        var alerts = new List<int>();
        for (int i = 0; i < values.Length; i++)
        {
            DetectionResult result = set.Observe(Signals.Time(i), values[i]);
            if (result.IsAnomaly)
            {
                alerts.Add(i);
                Assert.Equal(DetectionRule.Novelty, result.Strongest.Rule);
            }
        }

        Assert.NotEmpty(alerts);
        Assert.InRange(alerts[0], 1000, 1010);
    }

    [Fact]
    public void Observe_NewExtremeInsideSuppressionSpan_AlertsOnlyWhenRangeMarginBreaksSuppression()
    {
        int[] Alerts(bool breaks)
        {
            var set = new DetectorSet(new ChannelDetectionSpec
            {
                Threshold = new ThresholdOptions { Max = 30 },
                RangeMargin = new RangeMarginOptions { MinSamples = 100, BreaksSuppression = breaks },
                SuppressSamples = 400,
            });
            double[] values = Signals.Sinusoid(700, 5);
            values[300] = 31;   // above the static max (the sine stays in 25 ± 2.6): alert, span of 400 starts
            values[500] = 80;   // far beyond anything seen, inside the span
            return Enumerable.Range(0, values.Length).Where(i => set.Observe(Signals.Time(i), values[i]).IsAnomaly).ToArray();
        }

        Assert.Equal([300, 500], Alerts(breaks: true));
        Assert.Equal([300], Alerts(breaks: false));
    }

    [Fact]
    public void Observe_EpisodeQuietForLong_EndsSuppressionEarly()
    {
        int[] Alerts(int quietSamples)
        {
            var set = new DetectorSet(new ChannelDetectionSpec
            {
                Threshold = new ThresholdOptions { Max = 30 },
                SuppressSamples = 400,
                EpisodeQuietSamples = quietSamples,
            });
            double[] values = Signals.Sinusoid(700, 6);
            for (int i = 300; i < 310; i++)
            {
                values[i] = 33;   // one episode, ten samples long
            }

            values[450] = 33;     // a second episode, 140 quiet samples later
            return Enumerable.Range(0, values.Length).Where(i => set.Observe(Signals.Time(i), values[i]).IsAnomaly).ToArray();
        }

        Assert.Equal([300, 450], Alerts(quietSamples: 100));
        Assert.Equal([300], Alerts(quietSamples: 0));
        Assert.Equal([300], Alerts(quietSamples: 150));   // not yet quiet long enough: same episode
    }

    [Fact]
    public void Observe_YoungSeries_LargeMarginAlertsBeforeRarityCanSpeak()
    {
        static DetectionResult SpikeAt250(int youngSamples) => SpikeAt(250, youngSamples, youngFrom: 0);

        // 250 samples of history: a record is about 1/250 rare, times four rules, far above AlertProbability.
        Assert.False(SpikeAt250(youngSamples: 0).IsAnomaly);
        DetectionResult young = SpikeAt250(youngSamples: 500);
        Assert.True(young.IsAnomaly);
        Assert.Equal(Signals.Sinusoid(251, 7)[250] + 25, young.Strongest.Value, 9);
        Assert.Contains(young.Strongest.Rule, new[] { DetectionRule.RobustZ, DetectionRule.Ewma, DetectionRule.Cusum, DetectionRule.Seasonal });

        // The rules' first windows are too short to judge a margin by: young margins speak from YoungFromSamples on.
        Assert.True(SpikeAt(30, youngSamples: 500, youngFrom: 0).IsAnomaly);
        Assert.False(SpikeAt(30, youngSamples: 500, youngFrom: 48).IsAnomaly);
    }

    private static DetectionResult SpikeAt(int at, int youngSamples, int youngFrom)
    {
        ChannelDetectionSpec d = ChannelDetectionSpec.Default;
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            RobustZ = d.RobustZ,
            Ewma = d.Ewma,
            Cusum = d.Cusum,
            Seasonal = d.Seasonal,
            Rarity = new RarityOptions
            {
                AlertProbability = d.Rarity!.AlertProbability,
                MinRuleScore = d.Rarity.MinRuleScore,
                HalfLifeSamples = d.Rarity.HalfLifeSamples,
                MinSamples = d.Rarity.MinSamples,
                PersistSamples = d.Rarity.PersistSamples,
                YoungSamples = youngSamples,
                YoungFromSamples = youngFrom,
                YoungRatio = d.Rarity.YoungRatio,
            },
            SuppressSamples = d.SuppressSamples,
        });
        double[] values = Signals.WithSpike(Signals.Sinusoid(at + 1, 7), at, 25);
        for (int i = 0; i < at; i++)
        {
            Assert.False(set.Observe(Signals.Time(i), values[i]).IsAnomaly, $"sample {i}");
        }

        return set.Observe(Signals.Time(at), values[at]);
    }

    [Fact]
    public void Observe_DefaultSpecLevelStep_OneOperatorAlertNamingTheShift()
    {
        // The vibration channel: 0.215 → 0.367 (noise σ 0.03, about 5 σ): the rarity ensemble scored it
        // 0.01; the calibrated level-shift test raises one operator alert that says where the level went.
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        var random = new Random(5);
        var alerts = new List<(int At, Finding Finding)>();
        for (int i = 0; i < 6000; i++)
        {
            double value = (i < 4000 ? 0.215 : 0.367) + (0.03 * Signals.Gaussian(random));
            DetectionResult r = set.Observe(Signals.Time(i), value);
            if (r.IsAlert)
            {
                alerts.Add((i, r.Strongest));
            }
        }

        (int at, Finding finding) = Assert.Single(alerts);
        Assert.InRange(at, 4000, 4010);
        Assert.True(finding.Rule is DetectionRule.LevelShift or DetectionRule.Novelty, finding.Explain());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_DailyCycleEveryFiveMinutes_StepJudgedAgainstTheSeasonalProfile(int seed)
    {
        // Level 50, σ 1, a daily swing of ±5 read every 5 minutes; on day 8 the level steps up by 2.5 σ. Against the
        // raw series the step hides in the swing; against the learnt profile it is plain, and the finding speaks of
        // the day's mean level (about 50 → 52.5), not of where the swing happened to be.
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        var random = new Random(seed);
        const int perDay = 288;
        const int stepAt = 8 * perDay;
        var alerts = new List<(int At, Finding Finding)>();
        for (int i = 0; i < 10 * perDay; i++)
        {
            double value = 50 + (5 * Math.Sin(2 * Math.PI * i / perDay)) + (i >= stepAt ? 2.5 : 0) + Signals.Gaussian(random);
            DetectionResult r = set.Observe(1_700_000_000_000 + (i * 300_000L), value);
            if (r.IsAlert)
            {
                alerts.Add((i, r.Strongest));
            }
        }

        (int at, Finding finding) = Assert.Single(alerts);
        Assert.InRange(at, stepAt, stepAt + 60);
        Assert.True(finding.Rule is DetectionRule.LevelShift or DetectionRule.Drift, finding.Explain());
        Assert.InRange((finding.ExpectedLow + finding.ExpectedHigh) / 2, 49, 51);
        Assert.InRange(finding.Value, 51, 53.5);
    }

    [Fact]
    public void Observe_DailyCycleEveryFiveMinutes_ShiftTestsWithoutTheProfileMissTheStep()
    {
        // The same series as above with the shift tests on the raw value: the swing's share of their reference's
        // spread hides the step (what the seasonal residual is for).
        ChannelDetectionSpec d = ChannelDetectionSpec.Default;
        var set = new DetectorSet(new ChannelDetectionSpec
        {
            Seasonal = d.Seasonal,
            LevelShift = new ShiftOptions { ShortSamples = 16, LongSamples = 512, K = 6, WarmupSamples = 300, SeasonalResidual = false },
            Drift = new ShiftOptions { ShortSamples = 128, LongSamples = 4096, K = 6, Variance = false, WarmupSamples = 2048, SeasonalResidual = false },
            CalibratedAlerts = true,
        });
        var random = new Random(1);
        const int perDay = 288;
        const int stepAt = 8 * perDay;
        int alerts = 0;
        for (int i = 0; i < 10 * perDay; i++)
        {
            double value = 50 + (5 * Math.Sin(2 * Math.PI * i / perDay)) + (i >= stepAt ? 2.5 : 0) + Signals.Gaussian(random);
            alerts += set.Observe(1_700_000_000_000 + (i * 300_000L), value).IsAlert && i >= stepAt ? 1 : 0;
        }

        Assert.Equal(0, alerts);
    }

    [Fact]
    public void Observe_DefaultSpecCleanNoise_RarityAnomaliesAreNotOperatorAlerts()
    {
        // Rarity is a rate: on 100,000 samples of white noise it still marks a few dozen samples rare (NAB's score),
        // but none of them is an operator alert.
        var set = new DetectorSet(ChannelDetectionSpec.Default);
        var random = new Random(6);
        int anomalies = 0;
        for (int i = 0; i < 100_000; i++)
        {
            DetectionResult r = set.Observe(Signals.Time(i), 20 + Signals.Gaussian(random));
            anomalies += r.IsAnomaly ? 1 : 0;
            Assert.False(r.IsAlert, $"sample {i}: {r.Strongest}");
        }

        Assert.True(anomalies > 0);
    }

    [Fact]
    public void Observe_SpecWithoutAlertScore_AlertIsAnomaly()
    {
        var set = new DetectorSet(ChannelDetectionSpec.SeedRule);
        double[] values = Signals.WithSpike(Signals.Sinusoid(500, 1), 400, 10);
        for (int i = 0; i < values.Length; i++)
        {
            DetectionResult r = set.Observe(Signals.Time(i), values[i]);
            Assert.Equal(r.IsAnomaly, r.IsAlert);
        }
    }

    [Fact]
    public void Observe_LateReplayedBatch_NotScoredNotLearntButLimitsStillJudge()
    {
        // Live samples up to minute 3,000, then a batch stored during an outage (minutes 2,000–2,099) arrives late
        // with values from another level: no statistical score, and the series continues as if it never came.
        var spec = ChannelDetectionSpec.Default with { Threshold = new ThresholdOptions { Max = 100 } };
        var replayed = new DetectorSet(spec);
        var reference = new DetectorSet(spec);
        double[] values = Signals.Sinusoid(4000, 8);
        for (int i = 0; i < 3000; i++)
        {
            replayed.Observe(Signals.Time(i), values[i]);
            reference.Observe(Signals.Time(i), values[i]);
        }

        for (int i = 2000; i < 2100; i++)
        {
            DetectionResult late = replayed.Observe(Signals.Time(i), values[i] + 30);
            Assert.Equal(0, late.Score);
            Assert.False(late.IsAlert);
        }

        Assert.True(replayed.Observe(Signals.Time(2100), 150).IsAnomaly);
        reference.Observe(Signals.Time(2100), 150);
        for (int i = 3000; i < 4000; i++)
        {
            Assert.Equal(reference.Observe(Signals.Time(i), values[i]).Score, replayed.Observe(Signals.Time(i), values[i]).Score);
        }
    }
}
