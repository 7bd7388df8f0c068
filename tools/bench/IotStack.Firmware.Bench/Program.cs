using BenchmarkDotNet.Running;

// Examples: dotnet run -c Release --project tools/bench/IotStack.Firmware.Bench -- --filter '*' --job short
//           dotnet run -c Release --project tools/bench/IotStack.Firmware.Bench -- --filter '*Checks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
