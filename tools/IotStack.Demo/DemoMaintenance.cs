using IotStack.Maintenance.Commands;
using IotStack.Maintenance.FanOut;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace IotStack.Demo;

/// <summary>
/// SSH maintenance in the demo. Without configured hosts it shows the allowlist at work: a shell injection in a unit
/// name is refused before any connection. With hosts, it runs <c>service-status iot-service</c> on them by fan-out.
/// </summary>
internal static class DemoMaintenance
{
    public const string InjectionAttempt = "iot; rm -rf /";

    public static async Task ShowAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<HostCommandRunner>();
        if (runner.Inventory.All.Count == 0)
        {
            // Shown on purpose, and worded so: a hostile request the allowlist turns away, not something that ran.
            CommandValidation refused = runner.Catalog.Validate("restart-service", new Dictionary<string, string> { ["unit"] = InjectionAttempt });
            AnsiConsole.MarkupLine("SSH allowlist check [grey](a refusal shown on purpose; nothing runs)[/]:");
            AnsiConsole.MarkupLineInterpolated($"  asked: restart-service unit=\"{InjectionAttempt}\" (a shell injection)");
            AnsiConsole.MarkupLineInterpolated($"  [green]refused before any connection[/]: {refused.Refusal}");
            AnsiConsole.MarkupLine("  No SSH hosts configured: add [bold]Maintenance:Hosts[/] for real remediation (docs/maintenance.md).");
            return;
        }

        // One fan-out over a group every host shares; otherwise each host is its own target.
        var hosts = runner.Inventory.All.ToList();
        string? shared = hosts[0].Groups.FirstOrDefault(g => hosts.All(h => h.Groups.Contains(g, StringComparer.OrdinalIgnoreCase)));
        IEnumerable<string> targets = shared is null ? hosts.Select(h => h.Name) : [shared];
        var jobs = services.GetRequiredService<FanOutJobRegistry>();
        foreach (string target in targets)
        {
            FanOutJob job = jobs.Create(new FanOutRequest(target, "service-status", new Dictionary<string, string> { ["unit"] = "iot-service" }, "demo",
                PerHostTimeout: TimeSpan.FromSeconds(15), Retries: 0));
            var progress = new Progress<FanOutProgress>(p => AnsiConsole.MarkupLineInterpolated($"SSH {p.Host}: {p.State} {p.Detail} ({p.Finished}/{p.Total})"));
            FanOutResult result = await job.RunAsync(progress, cancellationToken).ConfigureAwait(false);
            AnsiConsole.WriteLine(result.ToTable());
        }
    }
}
