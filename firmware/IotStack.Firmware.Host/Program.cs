using IotStack.Firmware.Host.Cli;

return await BoardCommand.Create(Console.Out, TimeProvider.System).Parse(args).InvokeAsync().ConfigureAwait(false);
