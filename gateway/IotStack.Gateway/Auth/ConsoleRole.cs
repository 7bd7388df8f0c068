namespace IotStack.Gateway.Auth;

/// <summary>Ordered: each role may do everything the roles below it may. Written in configuration by name.</summary>
internal enum ConsoleRole
{
    /// <summary>Reads every page; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Also acknowledges and resolves alerts, runs allowlisted host commands, pauses and resumes rollouts.</summary>
    Operator = 1,

    /// <summary>Also starts and aborts rollouts.</summary>
    Admin = 2,
}
