#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Claim;

namespace IotStack.Firmware.Tests.Claim
{
    [TestClass]
    public class ClaimTokenTests
    {
        [TestMethod]
        public void Parse_IdDotSecret_SplitsAtTheFirstDot()
        {
            ClaimToken token = ClaimToken.Parse("  a1b2c3.x.y-Z_9 \r");

            Assert.AreEqual("a1b2c3", token.Id);
            Assert.AreEqual("x.y-Z_9", token.Secret);
            Assert.AreEqual("claim@a1b2c3", token.User);
            Assert.AreEqual("a1b2c3", token.ToString());
        }

        [TestMethod]
        public void Parse_Malformed_ReturnsNull()
        {
            Assert.IsNull(ClaimToken.Parse(null));
            Assert.IsNull(ClaimToken.Parse("nodot"));
            Assert.IsNull(ClaimToken.Parse(".secret"));
            Assert.IsNull(ClaimToken.Parse("id."));
            Assert.IsNull(ClaimToken.Parse("bad id.secret"));
            Assert.IsNull(ClaimToken.Parse("id.sec ret"));
            Assert.IsNull(ClaimToken.Parse("0123456789abcdef0123456789abcdef0.secret")); // 33 bytes: more than the frame carries
        }
    }
}
