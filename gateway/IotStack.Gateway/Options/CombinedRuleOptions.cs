using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Options;

/// <summary>A rule over one device's latest values, e.g. temperature &gt; 30 AND humidity &gt; 80.</summary>
internal sealed class CombinedRuleOptions
{
    public string Name { get; set; } = "";

    public RuleOperator Operator { get; set; } = RuleOperator.And;

    public List<ConditionOptions> Conditions { get; set; } = new();

    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;
}
