#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Claim;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Claim
{
    [TestClass]
    public class ClaimClientTests
    {
        private const string Fleet = "plant-a";
        private const string Device = "esp32-0001";
        private const string TokenSecret = "s3cr3t-token-part";
        private const string BoardSecret = "board-secret-0123456789";

        [TestMethod]
        public void Claim_GatewayIssues_ConnectsAsTokenUserAndReturnsTheCredential()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Issued, Fleet, Device, Fleet + "." + Device, BoardSecret);
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0xA0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 5000);

            Assert.IsTrue(result.Issued);
            Assert.AreEqual(Fleet + "." + Device, result.User);
            Assert.AreEqual(BoardSecret, result.Secret);
            // The wire: claim@{id} with the token secret, a session id from the board's RNG, its own topics only.
            Assert.AreEqual("claim@tok1", broker.User);
            Assert.AreEqual(TokenSecret, broker.Secret);
            Assert.AreEqual("claim-a0a1a2a3a4a5a6a7", broker.ClientId);
            Assert.AreEqual(client.Session, broker.ClientId);
            Assert.AreEqual("iot/plant-a/claim-a0a1a2a3a4a5a6a7/claim/reply", broker.Subscribed);
            Assert.AreEqual("iot/plant-a/claim-a0a1a2a3a4a5a6a7/claim", broker.RequestTopic);
            Assert.AreEqual("tok1", broker.Request.TokenId);
            Assert.AreEqual(TokenSecret, broker.Request.Secret);
            Assert.AreEqual(Device, broker.Request.Device);
            Assert.IsTrue(broker.Disconnected);
        }

        [TestMethod]
        public void Claim_TwoAttempts_UseFreshSessionIds()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            ClaimClient client = new ClaimClient(broker, new FakeRandom(1), new FakeClock());

            client.Claim(Fleet, Device, Token(), 1);
            string first = broker.ClientId;
            client.Claim(Fleet, Device, Token(), 1);

            Assert.AreEqual("claim-0102030405060708", first);
            Assert.AreEqual("claim-090a0b0c0d0e0f10", broker.ClientId);
        }

        [TestMethod]
        public void Claim_GatewayRefuses_ReturnsItsReasonAndNoCredential()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Expired, Fleet, Device, "", "");
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 5000);

            Assert.IsFalse(result.Issued);
            Assert.AreEqual((int)ClaimStage.Answered, (int)result.Stage);
            Assert.AreEqual((int)ClaimStatus.Expired, (int)result.Status);
            Assert.IsNull(result.Secret);
            Assert.AreEqual("the gateway refused the claim: Expired", result.Reason);
        }

        [TestMethod]
        public void Claim_BrokerRefusesToken_StopsBeforeAnyRequest()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.AcceptsConnect = false;
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 5000);

            Assert.AreEqual((int)ClaimStage.NotConnected, (int)result.Stage);
            Assert.IsNull(broker.RequestTopic);
            Assert.IsFalse(result.Issued);
        }

        [TestMethod]
        public void Claim_SubscriptionRefused_SendsNoRequest()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.GrantsSubscribe = false;
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 5000);

            Assert.AreEqual((int)ClaimStage.SubscribeRefused, (int)result.Stage);
            Assert.IsNull(broker.RequestTopic);
            Assert.IsTrue(broker.Disconnected);
        }

        [TestMethod]
        public void Claim_NoReply_NoAnswerAndDisconnected()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 1);

            Assert.AreEqual((int)ClaimStage.NoAnswer, (int)result.Stage);
            Assert.IsFalse(result.Issued);
            Assert.IsTrue(broker.Disconnected);
        }

        [TestMethod]
        public void Claim_IssuedForAnotherDevice_NotAccepted()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Issued, Fleet, "esp32-0002", Fleet + ".esp32-0002", BoardSecret);
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 5000);

            Assert.IsFalse(result.Issued);
            Assert.AreEqual((int)ClaimStatus.Invalid, (int)result.Status);
            Assert.IsNull(result.Secret);
        }

        [TestMethod]
        public void Claim_IssuedWithoutSecret_NotAccepted()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Issued, Fleet, Device, Fleet + "." + Device, "");
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());

            Assert.IsFalse(client.Claim(Fleet, Device, Token(), 5000).Issued);
        }

        [TestMethod]
        public void Claim_ReplyOnAnotherSessionsTopic_Ignored()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Issued, Fleet, Device, Fleet + "." + Device, BoardSecret);
            broker.ReplyTopic = DeviceTopics.ClaimReplyTopic(Fleet, "claim-0000000000000000");
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0x10), new FakeClock());

            ClaimResult result = client.Claim(Fleet, Device, Token(), 1);

            Assert.AreEqual((int)ClaimStage.NoAnswer, (int)result.Stage);
        }

        [TestMethod]
        public void Reason_EveryOutcome_NamesNoSecret()
        {
            FakeClaimBroker broker = new FakeClaimBroker();
            broker.Reply = Reply(ClaimStatus.Issued, Fleet, Device, Fleet + "." + Device, BoardSecret);
            ClaimClient client = new ClaimClient(broker, new FakeRandom(0), new FakeClock());
            ClaimResult issued = client.Claim(Fleet, Device, Token(), 5000);
            broker.AcceptsConnect = false;
            ClaimResult refused = client.Claim(Fleet, Device, Token(), 5000);

            Assert.AreEqual("issued credential " + Fleet + "." + Device, issued.Reason);
            Assert.IsTrue(refused.Reason.IndexOf(TokenSecret) < 0);
            Assert.IsTrue(issued.Reason.IndexOf(BoardSecret) < 0);
        }

        private static ClaimToken Token()
        {
            return ClaimToken.Parse("tok1." + TokenSecret);
        }

        private static ClaimReply Reply(ClaimStatus status, string fleet, string device, string user, string secret)
        {
            ClaimReply reply = new ClaimReply();
            reply.Status = status;
            reply.Fleet = fleet;
            reply.Device = device;
            reply.User = user;
            reply.Secret = secret;
            return reply;
        }
    }
}
