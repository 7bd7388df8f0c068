namespace IotStack.Gateway.Options;

internal enum RuleOperator
{
    And,
    Or,
}
