namespace IotStack.Cli.Commands;

/// <summary>What <c>iotstack series</c> asks for.</summary>
internal sealed record SeriesRequest(string Device, int Channel, DateTimeOffset? From, DateTimeOffset? To, string Resolution = "auto", bool Table = false);
