using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IotStack.Detection;
using IotStack.Nab;
using IotStack.Nab.Corpus;
using IotStack.Nab.Scoring;
using IotStack.Nab.Synthetic;

var data = new Option<DirectoryInfo>("--data") { Description = "Folder of NAB CSV files (searched recursively)", Required = true };
var labels = new Option<FileInfo>("--labels") { Description = "NAB labels/windows.json", Required = true };
var output = new Option<DirectoryInfo>("--out") { Description = "Folder for result CSVs (same relative paths)", Required = true };
var profile = new Option<string>("--profile") { Description = "standard, low_fp, low_fn or all", DefaultValueFactory = _ => "all" };
var detector = new Option<string>("--detector") { Description = "default (the gateway's ensemble) or seed (mean ± 2σ only)", DefaultValueFactory = _ => "default" };
var quiet = new Option<bool>("--summary") { Description = "Print only the corpus scores, not per-file figures" };
var specFile = new Option<FileInfo?>("--spec") { Description = "JSON ChannelDetectionSpec to score instead of --detector (for tuning)" };
var stored = new Option<DirectoryInfo?>("--results") { Description = "Score stored result CSVs (anomaly_score column, same relative paths, optional '<name>_' prefix as in NAB's results/<name>/) instead of running a detector" };

var root = new RootCommand("Scores the gateway's detector set on NAB data with NAB's rules.") { data, labels, output, profile, detector, quiet, specFile, stored };
root.SetAction(parse =>
{
    ChannelDetectionSpec? spec = parse.GetValue(specFile) is { } specPath
        ? JsonSerializer.Deserialize<ChannelDetectionSpec>(File.ReadAllText(specPath.FullName))
        : parse.GetValue(detector) switch
        {
            "default" => ChannelDetectionSpec.Default,
            "seed" => ChannelDetectionSpec.SeedRule,
            _ => null,
        };
    IReadOnlyList<NabProfile>? profiles = parse.GetValue(profile) switch
    {
        "all" => NabProfile.All,
        "standard" => [NabProfile.Standard],
        "low_fp" => [NabProfile.RewardLowFp],
        "low_fn" => [NabProfile.RewardLowFn],
        _ => null,
    };
    if (spec is null || profiles is null)
    {
        Console.Error.WriteLine("unknown --detector or --profile value");
        return 2;
    }

    IReadOnlyList<NabSeries> corpus = NabCorpusReader.ReadAll(parse.GetValue(data)!.FullName, parse.GetValue(labels)!.FullName);
    var scores = new List<double[]>(corpus.Count);
    DirectoryInfo? storedDir = parse.GetValue(stored);
    foreach (NabSeries series in corpus)
    {
        double[] s = storedDir is null ? NabRunner.Detect(series, spec) : StoredResults.Read(storedDir.FullName, series);
        NabRunner.WriteResult(series, s, parse.GetValue(output)!.FullName);
        scores.Add(s);
    }

    var c = CultureInfo.InvariantCulture;
    foreach (NabProfile p in profiles)
    {
        ProfileResult result = CorpusScorer.Score(corpus, scores, p);
        Console.WriteLine(string.Format(c, "{0,-20} score {1,6:F1}  threshold {2:G6}  raw {3:F2}  null {4:F2}  perfect {5:F2}",
            p.Name, result.NormalisedScore, result.Threshold, result.RawScore, result.NullScore, result.PerfectScore));
        if (!parse.GetValue(quiet))
        {
            foreach ((string file, FileScore fs) in result.Files)
            {
                Console.WriteLine(string.Format(c, "    {0,-62} raw {1,7:F2}  tp {2}  fn {3}  fp {4}", file, fs.Raw, fs.DetectedWindows, fs.MissedWindows, fs.FalsePositives));
            }
        }
    }

    return 0;
});

var set = new Option<string>("--set") { Description = "dev (for tuning) or test (only to report)", DefaultValueFactory = _ => "dev" };
var synthDetector = new Option<string>("--detector") { Description = "default or seed", DefaultValueFactory = _ => "default" };
var synthSpec = new Option<FileInfo?>("--spec") { Description = "JSON ChannelDetectionSpec instead of --detector" };
var trace = new Option<bool>("--trace") { Description = "Also list every false alert and missed fault" };
var synthetic = new Command("synthetic", "Scores a detector on the labelled synthetic set, per fault kind (docs/detection.md).") { set, synthDetector, synthSpec, trace };
synthetic.SetAction(parse =>
{
    ChannelDetectionSpec? spec = parse.GetValue(synthSpec) is { } specPath
        ? JsonSerializer.Deserialize<ChannelDetectionSpec>(File.ReadAllText(specPath.FullName))
        : parse.GetValue(synthDetector) switch
        {
            "default" => ChannelDetectionSpec.Default,
            "seed" => ChannelDetectionSpec.SeedRule,
            _ => null,
        };
    int? seed = parse.GetValue(set) switch
    {
        "dev" => SyntheticGenerator.DevSeed,
        "test" => SyntheticGenerator.TestSeed,
        _ => null,
    };
    if (spec is null || seed is null)
    {
        Console.Error.WriteLine("unknown --detector or --set value");
        return 2;
    }

    IReadOnlyList<FaultResult> results = SyntheticEvaluation.Evaluate(SyntheticGenerator.Generate(seed.Value), spec, parse.GetValue(trace) ? Console.Out : null);
    Console.Write(SyntheticEvaluation.Table(results));
    Console.WriteLine();
    Console.Write(SyntheticEvaluation.NoiseTable(SyntheticGenerator.Generate(seed.Value), spec));
    return 0;
});
root.Subcommands.Add(synthetic);

var samples = new Option<int>("--samples") { Description = "Samples per clean signal", DefaultValueFactory = _ => 1_000_000 };
var clean = new Command("clean", "Counts operator alerts of the default ensemble on long clean signals (false-alarm rates).") { samples };
clean.SetAction(parse =>
{
    Console.Write(CleanRates.Table(ChannelDetectionSpec.Default, parse.GetValue(samples), SyntheticGenerator.TestSeed));
    return 0;
});
root.Subcommands.Add(clean);

return root.Parse(args).Invoke();
