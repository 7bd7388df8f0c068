using IotStack.Demo;

// `iotstack-demo`: the gateway, an in-process broker and a virtual fleet on one machine. Its own program, so the
// gateway executable (`iotstack`) links neither the firmware core nor the simulated fleet.
return await DemoCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
