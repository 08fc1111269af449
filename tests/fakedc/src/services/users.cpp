// Who is who: users.getUsers, users.getFullUser, contacts.resolveUsername.
#include "layer/tl/functions/users.hpp"
#include "layer/tl/functions/contacts.hpp"
#include "layer/tl/types/contacts.hpp"
#include "layer/tl/types/users.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {

namespace fn = tl::functions;
namespace types = tl::types;

void add_users(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::users::GetUsers>([&world](const Call& call, const fn::users::GetUsers& r) {
    const std::int64_t self = call.account();
    std::vector<tl::enums::User> out;
    for (const auto& input : r.id) {
      try {
        out.push_back(world.user_view(*world.account(resolve_user(world, self, input)), self));
      } catch (const RpcFailure&) {
        // Telegram leaves out the users it cannot resolve rather than failing the call.
      }
    }
    return out;
  });
  d.on<fn::users::GetFullUser>([&world](const Call& call, const fn::users::GetFullUser& r) {
    const std::int64_t self = call.account();
    const std::int64_t id = resolve_user(world, self, r.id);
    types::UserFull full;
    full.id = id;
    full.settings = types::PeerSettings{};
    full.notify_settings = types::PeerNotifySettings{};
    full.pinned_msg_id = pinned_in(world.mailbox(self).messages, id);
    return types::users::UserFull{full, {}, users_view(world, self, {id})};
  });
  d.on<fn::contacts::ResolveUsername>([&world](const Call& call, const fn::contacts::ResolveUsername& r) {
    const std::int64_t self = call.account();
    if (const Account* found = world.account_by_username(r.username)) {
      return types::contacts::ResolvedPeer{peer_of(found->id), {}, users_view(world, self, {found->id})};
    }
    // Public channels and supergroups have usernames too.
    if (const Channel* channel = world.channel_by_username(r.username)) {
      return types::contacts::ResolvedPeer{
          types::PeerChannel{channel->id}, {world.channel_view(*channel, self)}, {}};
    }
    throw RpcFailure(400, "USERNAME_NOT_OCCUPIED");
  });
}

}  // namespace layer::fakedc::services
