namespace IotStack.Bench;

/// <summary>
/// One measured ingest run: messages per second, and µs of CPU per message of this process (publishers and in-process
/// gateways), of the broker, and of the PostgreSQL backends serving the run's database (0 without one).
/// </summary>
internal readonly record struct SideResult(double Rate, double Self, double Broker, double Database);
