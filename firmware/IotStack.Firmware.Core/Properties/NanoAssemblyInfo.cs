#if NANOFRAMEWORK_1_0
using System.Runtime.CompilerServices;

// The .csproj declares InternalsVisibleTo items; an .nfproj does not read them, so the nanoFramework build of the
// device tests gets the same access here, under the name the stock test launcher requires (NFUnitTest).
[assembly: InternalsVisibleTo("NFUnitTest")]
#endif
