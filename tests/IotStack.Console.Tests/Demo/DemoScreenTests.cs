using System.Text.RegularExpressions;
using IotStack.Demo;
using Spectre.Console.Testing;

namespace IotStack.Console.Tests.Demo;

/// <summary>
/// The demo's live screen on terminals of fixed sizes (Spectre's test console): it fits, the status comes first,
/// every board shows its values and its wave, and an alert is one line however long its message.
/// </summary>
public sealed partial class DemoScreenTests
{
    [Fact]
    public void Render_80x24_FitsWithStatusFirstValuesWavesAndOneLinePerAlert()
    {
        string[] lines = Render(DemoFrames.MidRollout(), 80, 24);

        Assert.True(lines.Length <= 23, $"{lines.Length} lines:\n{string.Join('\n', lines)}");
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        Assert.StartsWith("t=42s  boards 5/6 online", lines[0], StringComparison.Ordinal);
        for (int i = 0; i < 6; i++)
        {
            string row = Assert.Single(lines, l => l.Contains(DemoFrames.Board(i) + " ", StringComparison.Ordinal) && l.Contains("1013.2", StringComparison.Ordinal));
            Assert.Contains((21.5 + i).ToString("F1", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            Assert.Contains(i == 0 ? "canary" : "batch 1", row, StringComparison.Ordinal);
        }

        Assert.Contains(lines, l => l.Contains("40%", StringComparison.Ordinal) && l.Contains('━'));
        Assert.Contains(lines, l => l.Contains("canary 1/1, batch 1 0/5", StringComparison.Ordinal));
        // Each alert shown is one row that starts its message and ends in an ellipsis; no message continues on a line of its own.
        string[] alertRows = lines.Where(l => AlertRow().IsMatch(l)).ToArray();
        Assert.True(alertRows.Length >= 3, string.Join('\n', lines));
        Assert.All(alertRows, row => Assert.Matches(@"alert \d+: .*…", row));
        Assert.DoesNotContain(lines, l => l.Contains("narrow terminal", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_LargerTerminal_MoreAlertRowsAndColumns()
    {
        string[] small = Render(DemoFrames.MidRollout(), 80, 24);
        string[] large = Render(DemoFrames.MidRollout(), 140, 40);

        Assert.True(large.Length <= 39, string.Join('\n', large));
        Assert.True(large.Count(l => AlertRow().IsMatch(l)) > small.Count(l => AlertRow().IsMatch(l)), string.Join('\n', large));
        Assert.Contains(large, l => l.Contains("severity", StringComparison.Ordinal));
        Assert.DoesNotContain(small, l => l.Contains("severity", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_MoreBoardsThanRows_StillFitsAndSaysHowManyAreLeftOut()
    {
        string[] lines = Render(DemoFrames.MidRollout(boards: 40), 80, 24);

        Assert.True(lines.Length <= 23, string.Join('\n', lines));
        Assert.StartsWith("t=42s  boards 39/40 online", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"\+\d+ more boards"));
    }

    private static string[] Render(DemoFrame frame, int width, int height)
    {
        var console = new TestConsole();
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = true;
        console.Write(DemoScreen.Render(frame, console));
        return console.Output.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();
    }

    [GeneratedRegex(@"^\s*\d+\s+vdev-\d{4}\s")]
    private static partial Regex AlertRow();
}
