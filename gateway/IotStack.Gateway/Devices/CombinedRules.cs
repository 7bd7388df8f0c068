using IotStack.Gateway.Alerts;
using IotStack.Gateway.Options;

namespace IotStack.Gateway.Devices;

/// <summary>Rules over one device's latest values joined with AND/OR; a rule with an unseen channel does not hold.</summary>
internal static class CombinedRules
{
    public static void Evaluate(string deviceId, float[] latest, IReadOnlyList<CombinedRuleOptions> rules, List<AlertSignal> signals)
    {
        foreach (CombinedRuleOptions rule in rules)
        {
            bool holds = rule.Operator == RuleOperator.And;
            foreach (ConditionOptions condition in rule.Conditions)
            {
                float value = latest[condition.Channel];
                bool met = !float.IsNaN(value)
                    && (condition.Above is not { } above || value > above)
                    && (condition.Below is not { } below || value < below);
                holds = rule.Operator == RuleOperator.And ? holds && met : holds || met;
            }

            if (holds)
            {
                signals.Add(new AlertSignal(deviceId, 0, AlertRules.CombinedPrefix + rule.Name, rule.Severity, double.NaN,
                    $"rule {rule.Name} holds ({rule.Operator} of {rule.Conditions.Count} conditions)"));
            }
        }
    }
}
