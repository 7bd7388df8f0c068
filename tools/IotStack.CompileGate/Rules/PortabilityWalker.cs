using IotStack.CompileGate.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IotStack.CompileGate.Rules;

/// <summary>
/// Walks one syntax tree with its semantic model and reports what compiles but cannot run on the stable nanoFramework
/// runtime. Syntax finds what is written (List&lt;int&gt;, async, record); the semantic model finds what is implied
/// (a generic method called with inferred type arguments, a lambda whose natural type is Func&lt;int&gt;). Names that
/// do not resolve (because mscorlib lacks them) are still reported by rule, next to the compiler's error.
/// </summary>
internal sealed partial class PortabilityWalker : CSharpSyntaxWalker
{
    private static readonly HashSet<string> TaskTypeNames = new(StringComparer.Ordinal)
    {
        "Task", "ValueTask", "TaskCompletionSource", "TaskFactory", "IAsyncEnumerable", "IAsyncEnumerator", "IAsyncDisposable",
    };

    private static readonly HashSet<string> SpanTypeNames = new(StringComparer.Ordinal)
    {
        "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory",
    };

    private readonly SemanticModel _model;
    private readonly List<Finding> _findings;
    private readonly HashSet<(int Position, string Id)> _reported = [];

    private PortabilityWalker(SemanticModel model, List<Finding> findings)
        : base(SyntaxWalkerDepth.Node)
    {
        _model = model;
        _findings = findings;
    }

    public static void Check(SemanticModel model, List<Finding> findings) =>
        new PortabilityWalker(model, findings).Visit(model.SyntaxTree.GetRoot());

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        ReportBannedTypeName(node);
        base.VisitIdentifierName(node);
    }

    public override void VisitUsingDirective(UsingDirectiveSyntax node)
    {
        var target = node.NamespaceOrType?.ToString() ?? string.Empty;
        if (target == "System.Linq" || target.StartsWith("System.Linq.", StringComparison.Ordinal))
        {
            Report(node, PortabilityRule.Linq, $"using {target}");
        }
        else if (target == "System.Threading.Tasks")
        {
            Report(node, PortabilityRule.Task, $"using {target}");
        }

        base.VisitUsingDirective(node);
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        Report(node, PortabilityRule.Linq, "LINQ query expression");
        base.VisitQueryExpression(node);
    }

    private static bool IsInNamespace(ISymbol? symbol, string @namespace) =>
        symbol?.ContainingNamespace?.ToDisplayString() is { } name
        && (name == @namespace || name.StartsWith(@namespace + ".", StringComparison.Ordinal));

    /// <summary>True when the name binds to a type of one of the namespaces, or does not bind at all (mscorlib lacks it).</summary>
    private bool IsTypeFrom(SimpleNameSyntax node, params string[] namespaces)
    {
        var info = _model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is null)
        {
            return _model.GetTypeInfo(node).Type is null or IErrorTypeSymbol;
        }

        return symbol is ITypeSymbol type
            && (type is IErrorTypeSymbol || namespaces.Any(@namespace => type.ContainingNamespace?.ToDisplayString() == @namespace));
    }

    private void ReportBannedTypeName(SimpleNameSyntax node)
    {
        var name = node.Identifier.Text;
        if (TaskTypeNames.Contains(name) && IsTypeFrom(node, "System.Threading.Tasks", "System.Collections.Generic", "System"))
        {
            Report(node, PortabilityRule.Task, $"'{node}'");
        }
        else if (SpanTypeNames.Contains(name) && IsTypeFrom(node, "System"))
        {
            Report(node, PortabilityRule.Span, $"'{node}'");
        }
    }

    private void Report(SyntaxNode node, PortabilityRule rule, string what) => Report(node.GetLocation(), rule, what);

    private void Report(SyntaxToken token, PortabilityRule rule, string what) => Report(token.GetLocation(), rule, what);

    private void Report(Location location, PortabilityRule rule, string what)
    {
        if (!_reported.Add((location.SourceSpan.Start, rule.Id)))
        {
            return;
        }

        var span = location.GetLineSpan();
        _findings.Add(new Finding(
            span.Path,
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            rule.Id,
            $"{what}: {rule.Why}"));
    }
}
