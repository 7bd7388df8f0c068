using IotStack.CompileGate.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IotStack.CompileGate.Rules;

/// <summary>NF004 and NF007-NF011: language features that compile to runtime support nanoFramework lacks.</summary>
internal sealed partial class PortabilityWalker
{
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
}
