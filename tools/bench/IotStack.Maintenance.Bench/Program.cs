using BenchmarkDotNet.Running;
using IotStack.Bench;

// dotnet run -c Release --project tools/bench/IotStack.Maintenance.Bench -- --filter '*'
// The fan-out benchmark needs the test sshd (tools/test.sh exports IOTSTACK_TEST_SSH_*); without it only log rules run.
var sshMissing = FanOutBenchmarks.MissingEnvironment();
if (sshMissing is not null && !args.Contains("--list"))
{
    Console.Error.WriteLine($"""
        Fan-out benchmark skipped: {sshMissing} is not set.
        Start the test sshd and export its endpoint first, e.g.:
          tools/test.sh --services-only   (or the recipe in /work/shared/SERVICES.md §2)
          export IOTSTACK_TEST_SSH_PORT=… IOTSTACK_TEST_SSH_USER=iottest IOTSTACK_TEST_SSH_KEY=… IOTSTACK_TEST_SSH_HOSTKEY_FP=SHA256:…
        Running the log-rule benchmark only.
        """);
    BenchmarkRunner.Run<LogRuleBenchmarks>(args: args);
    return 0;
}

BenchmarkSwitcher.FromTypes([typeof(FanOutBenchmarks), typeof(LogRuleBenchmarks)]).Run(args);
return 0;
