// Quick acks against the fake DC: a client that asks for one with every packet
// gets each back once the DC has taken the packet, over every transport, named
// by the requests it carried; the answers come as usual.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
using mtproto::transport::Kind;

class QuickAcks : public ClusterTest {};

TEST_F(QuickAcks, EveryTransportBringsThemBackNamingTheirRequests) {
  for (const Kind kind :
       {Kind::abridged, Kind::intermediate, Kind::padded, Kind::full, Kind::obfuscated_abridged,
        Kind::obfuscated_intermediate, Kind::obfuscated_padded}) {
    SCOPED_TRACE(std::string(mtproto::transport::to_string(kind)));
    TestClient client(cluster_.endpoint(2), kind);
    client.handshake(cluster_.public_key());
    client.ask_quick_acks();
    const auto first = client.start(tl::serialize(fn::help::GetNearestDc{}));
    const auto second = client.start(tl::serialize(fn::Ping{7}));
    EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(client.wait(first)));
    EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(client.wait(second)));
    // Each packet is taken before its call runs, so its ack comes before its answer.
    const auto& acks = client.quick_acks();
    auto names = [&](mtproto::RequestId id) {
      return std::any_of(acks.begin(), acks.end(), [&](const mtproto::QuickAckEvent& ack) {
        return std::find(ack.requests.begin(), ack.requests.end(), id) != ack.requests.end();
      });
    };
    EXPECT_TRUE(names(first));
    EXPECT_TRUE(names(second));
    EXPECT_EQ(client.unmatched_quick_acks(), 0);
  }
}

TEST_F(QuickAcks, NoneComeUnasked) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(client.call(tl::serialize(fn::Ping{1}))));
  EXPECT_TRUE(client.quick_acks().empty());
  EXPECT_EQ(client.unmatched_quick_acks(), 0);
}

}  // namespace
}  // namespace layer::fakedc::test
