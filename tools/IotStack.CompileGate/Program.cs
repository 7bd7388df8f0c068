using IotStack.CompileGate.Cli;

return GateCommand.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
