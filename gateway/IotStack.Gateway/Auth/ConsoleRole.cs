namespace IotStack.Gateway.Auth;

/// <summary>Ordered: each role may do everything the roles below it may. Written in configuration by name.</summary>
internal enum ConsoleRole
{
    /// <summary>Reads every page; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Also acknowledges and resolves alerts and sends device commands.</summary>
    Operator = 1,

    /// <summary>Also runs allowlisted host commands and starts, pauses, resumes and aborts rollouts.</summary>
    Admin = 2,
}
