using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IotStack.CompileGate.Building;

/// <summary>A compiled project: the compilation (for the rules' semantic models), its diagnostics and a reference to it.</summary>
internal sealed record ProjectCompilation(CSharpCompilation Compilation, ImmutableArray<Diagnostic> Diagnostics, MetadataReference Reference);
