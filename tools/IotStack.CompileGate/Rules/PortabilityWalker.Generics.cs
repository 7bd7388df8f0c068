using IotStack.CompileGate.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IotStack.CompileGate.Rules;

/// <summary>NF001/NF002: generic declarations and every written or implied use of a generic type or method.</summary>
internal sealed partial class PortabilityWalker
{
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
        if (_model.GetTypeInfo(node.ElementType).Type is { IsValueType: true } or ITypeParameterSymbol { HasReferenceTypeConstraint: false })
        {
            Report(node, PortabilityRule.GenericUse, $"nullable value type '{node}' is Nullable<T>");
        }

        base.VisitNullableType(node);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol method)
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
        if (node.Type.IsVar && _model.GetTypeInfo(node.Type).Type is INamedTypeSymbol { IsGenericType: true } inferred)
        {
            Report(node.Type, PortabilityRule.GenericUse, $"'var' infers generic type '{inferred.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'");
        }

        base.VisitVariableDeclaration(node);
    }

    private static SimpleNameSyntax? InvokedName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name,
        MemberAccessExpressionSyntax access => access.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        _ => null,
    };

    private string KindOf(GenericNameSyntax node) => _model.GetSymbolInfo(node).Symbol switch
    {
        IMethodSymbol => "method",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "delegate",
        _ => "type",
    };

    private void ReportGenericDeclaration(TypeParameterListSyntax? typeParameters, string kind, SyntaxToken identifier)
    {
        if (typeParameters is not null)
        {
            Report(identifier, PortabilityRule.GenericDeclaration, $"generic {kind} '{identifier.Text}{typeParameters}'");
        }
    }

    private void ReportGenericDelegateConversion(ExpressionSyntax node, string what)
    {
        if (_model.GetTypeInfo(node).ConvertedType is INamedTypeSymbol { IsGenericType: true } delegateType)
        {
            Report(node, PortabilityRule.GenericUse, $"{what} converts to generic delegate '{delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'");
        }
    }
}
