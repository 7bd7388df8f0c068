namespace IotStack.Gateway.Tests.Support;

/// <summary>Polls a condition with a generous deadline: correctness is asserted, speed never is.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
    }
}
