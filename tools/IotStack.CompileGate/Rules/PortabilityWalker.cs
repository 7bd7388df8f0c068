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
internal sealed class PortabilityWalker : CSharpSyntaxWalker
{
    private static readonly HashSet<string> TaskTypeNames = new(StringComparer.Ordinal)
    {
        "Task", "ValueTask", "TaskCompletionSource", "TaskFactory", "IAsyncEnumerable", "IAsyncEnumerator", "IAsyncDisposable",
    };

    private static readonly HashSet<string> SpanTypeNames = new(StringComparer.Ordinal)
    {
        "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory",
    };

    private readonly SemanticModel model;
    private readonly List<Finding> findings;
    private readonly HashSet<(int Position, string Id)> reported = [];

    private PortabilityWalker(SemanticModel model, List<Finding> findings)
        : base(SyntaxWalkerDepth.Node)
    {
        this.model = model;
        this.findings = findings;
    }

    public static void Check(SemanticModel model, List<Finding> findings) =>
        new PortabilityWalker(model, findings).Visit(model.SyntaxTree.GetRoot());

    public override void VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "class", node.Identifier);
        base.VisitClassDeclaration(node);
    }

    public override void VisitStructDeclaration(StructDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "struct", node.Identifier);
        base.VisitStructDeclaration(node);
    }

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "interface", node.Identifier);
        foreach (var member in node.Members)
        {
            if (HasBody(member) || member.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                Report(member, PortabilityRule.InterfaceBody, $"interface member '{MemberName(member)}' has a body or is static");
            }
        }

        base.VisitInterfaceDeclaration(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        Report(node.Keyword, PortabilityRule.Record, $"record '{node.Identifier.Text}'");
        ReportGenericDeclaration(node.TypeParameterList, "record", node.Identifier);
        base.VisitRecordDeclaration(node);
    }

    public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "delegate", node.Identifier);
        base.VisitDelegateDeclaration(node);
    }

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "method", node.Identifier);
        ReportAsyncModifier(node.Modifiers, node.Identifier.Text);
        base.VisitMethodDeclaration(node);
    }

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, "local function", node.Identifier);
        ReportAsyncModifier(node.Modifiers, node.Identifier.Text);
        base.VisitLocalFunctionStatement(node);
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        Report(node, PortabilityRule.GenericUse, $"generic {KindOf(node)} '{node}'");
        ReportBannedTypeName(node);
        base.VisitGenericName(node);
    }

    public override void VisitNullableType(NullableTypeSyntax node)
    {
        // In code without nullable reference types, T? on a value type is Nullable<T>.
        if (model.GetTypeInfo(node.ElementType).Type is { IsValueType: true } or ITypeParameterSymbol { HasReferenceTypeConstraint: false })
        {
            Report(node, PortabilityRule.GenericUse, $"nullable value type '{node}' is Nullable<T>");
        }

        base.VisitNullableType(node);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (model.GetSymbolInfo(node).Symbol is IMethodSymbol method)
        {
            var original = method.ReducedFrom ?? method;
            if (IsInNamespace(original.ContainingType, "System.Linq"))
            {
                Report(node, PortabilityRule.Linq, $"call to System.Linq '{original.ContainingType.Name}.{method.Name}'");
            }

            if (method.IsGenericMethod && InvokedName(node.Expression) is not GenericNameSyntax)
            {
                Report(node, PortabilityRule.GenericUse, $"call to generic method '{method.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' (type arguments inferred)");
            }
        }

        base.VisitInvocationExpression(node);
    }

    public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        ReportAsyncModifier(node.Modifiers, "lambda");
        ReportGenericDelegateConversion(node, "lambda");
        base.VisitParenthesizedLambdaExpression(node);
    }

    public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        ReportAsyncModifier(node.Modifiers, "lambda");
        ReportGenericDelegateConversion(node, "lambda");
        base.VisitSimpleLambdaExpression(node);
    }

    public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        ReportAsyncModifier(node.Modifiers, "anonymous method");
        ReportGenericDelegateConversion(node, "anonymous method");
        base.VisitAnonymousMethodExpression(node);
    }

    public override void VisitVariableDeclaration(VariableDeclarationSyntax node)
    {
        if (node.Type.IsVar && model.GetTypeInfo(node.Type).Type is INamedTypeSymbol { IsGenericType: true } inferred)
        {
            Report(node.Type, PortabilityRule.GenericUse, $"'var' infers generic type '{inferred.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'");
        }

        base.VisitVariableDeclaration(node);
    }

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

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        Report(node, PortabilityRule.Async, "await");
        base.VisitAwaitExpression(node);
    }

    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        ReportAwaitKeyword(node.AwaitKeyword, "await foreach");
        base.VisitForEachStatement(node);
    }

    public override void VisitUsingStatement(UsingStatementSyntax node)
    {
        ReportAwaitKeyword(node.AwaitKeyword, "await using");
        base.VisitUsingStatement(node);
    }

    public override void VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node)
    {
        ReportAwaitKeyword(node.AwaitKeyword, "await using");
        base.VisitLocalDeclarationStatement(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, PortabilityRule.Stackalloc, "stackalloc");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, PortabilityRule.Stackalloc, "stackalloc");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        Report(node, PortabilityRule.Tuple, $"tuple type '{node}'");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        Report(node, PortabilityRule.Tuple, "tuple expression");
        base.VisitTupleExpression(node);
    }

    public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
    {
        Report(node, PortabilityRule.Tuple, "deconstruction");
        base.VisitParenthesizedVariableDesignation(node);
    }

    public override void VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
    {
        Report(node, PortabilityRule.StringInterpolation, "interpolated string");
        base.VisitInterpolatedStringExpression(node);
    }

    private static bool HasBody(MemberDeclarationSyntax member) => member switch
    {
        BaseMethodDeclarationSyntax method => method.Body is not null || method.ExpressionBody is not null,
        PropertyDeclarationSyntax property => property.ExpressionBody is not null || AccessorsHaveBodies(property.AccessorList),
        IndexerDeclarationSyntax indexer => indexer.ExpressionBody is not null || AccessorsHaveBodies(indexer.AccessorList),
        EventDeclarationSyntax @event => AccessorsHaveBodies(@event.AccessorList),
        _ => false,
    };

    private static bool AccessorsHaveBodies(AccessorListSyntax? accessors) =>
        accessors is not null && accessors.Accessors.Any(accessor => accessor.Body is not null || accessor.ExpressionBody is not null);

    private static string MemberName(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        PropertyDeclarationSyntax property => property.Identifier.Text,
        EventDeclarationSyntax @event => @event.Identifier.Text,
        IndexerDeclarationSyntax => "this[]",
        OperatorDeclarationSyntax @operator => "operator " + @operator.OperatorToken.Text,
        BaseFieldDeclarationSyntax field => string.Join(", ", field.Declaration.Variables.Select(variable => variable.Identifier.Text)),
        _ => member.Kind().ToString(),
    };

    private static SimpleNameSyntax? InvokedName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name,
        MemberAccessExpressionSyntax access => access.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        _ => null,
    };

    private static bool IsInNamespace(ISymbol? symbol, string @namespace) =>
        symbol?.ContainingNamespace?.ToDisplayString() is { } name
        && (name == @namespace || name.StartsWith(@namespace + ".", StringComparison.Ordinal));

    private string KindOf(GenericNameSyntax node) => model.GetSymbolInfo(node).Symbol switch
    {
        IMethodSymbol => "method",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "delegate",
        _ => "type",
    };

    /// <summary>True when the name binds to a type of one of the namespaces, or does not bind at all (mscorlib lacks it).</summary>
    private bool IsTypeFrom(SimpleNameSyntax node, params string[] namespaces)
    {
        var info = model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is null)
        {
            return model.GetTypeInfo(node).Type is null or IErrorTypeSymbol;
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

    private void ReportGenericDeclaration(TypeParameterListSyntax? typeParameters, string kind, SyntaxToken identifier)
    {
        if (typeParameters is not null)
        {
            Report(identifier, PortabilityRule.GenericDeclaration, $"generic {kind} '{identifier.Text}{typeParameters}'");
        }
    }

    private void ReportAsyncModifier(SyntaxTokenList modifiers, string what)
    {
        var asyncKeyword = modifiers.FirstOrDefault(modifier => modifier.IsKind(SyntaxKind.AsyncKeyword));
        if (asyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            Report(asyncKeyword, PortabilityRule.Async, $"async {what}");
        }
    }

    private void ReportAwaitKeyword(SyntaxToken awaitKeyword, string what)
    {
        if (awaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            Report(awaitKeyword, PortabilityRule.Async, what);
        }
    }

    private void ReportGenericDelegateConversion(ExpressionSyntax node, string what)
    {
        if (model.GetTypeInfo(node).ConvertedType is INamedTypeSymbol { IsGenericType: true } delegateType)
        {
            Report(node, PortabilityRule.GenericUse, $"{what} converts to generic delegate '{delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'");
        }
    }

    private void Report(SyntaxNode node, PortabilityRule rule, string what) => Report(node.GetLocation(), rule, what);

    private void Report(SyntaxToken token, PortabilityRule rule, string what) => Report(token.GetLocation(), rule, what);

    private void Report(Location location, PortabilityRule rule, string what)
    {
        if (!reported.Add((location.SourceSpan.Start, rule.Id)))
        {
            return;
        }

        var span = location.GetLineSpan();
        findings.Add(new Finding(
            span.Path,
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            rule.Id,
            $"{what}: {rule.Why}"));
    }
}
