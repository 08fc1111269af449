#include "stock_services.hpp"

#include "layer/tl/functions/help.hpp"

namespace layer::fakedc {
namespace {

namespace types = tl::types;
namespace fn = tl::functions;

std::int32_t unix_seconds(mtproto::Time t) {
  return static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

// Limits as Telegram announced them in 2026; clients read a few of them.
types::Config make_config(std::int32_t now, std::int32_t this_dc, std::vector<tl::enums::DcOption> dcs) {
  types::Config c;
  c.date = now;
  c.expires = now + 3600;
  c.test_mode = false;
  c.this_dc = this_dc;
  c.dc_options = std::move(dcs);
  c.dc_txt_domain_name = "apv3.stel.com";
  c.chat_size_max = 200;
  c.megagroup_size_max = 200000;
  c.forwarded_count_max = 100;
  c.online_update_period_ms = 210000;
  c.offline_blur_timeout_ms = 5000;
  c.offline_idle_timeout_ms = 30000;
  c.online_cloud_timeout_ms = 300000;
  c.notify_cloud_delay_ms = 30000;
  c.notify_default_delay_ms = 1500;
  c.push_chat_period_ms = 60000;
  c.push_chat_limit = 2;
  c.edit_time_limit = 172800;
  c.revoke_time_limit = 2147483647;
  c.revoke_pm_time_limit = 2147483647;
  c.rating_e_decay = 2419200;
  c.stickers_recent_limit = 200;
  c.channels_read_media_period = 604800;
  c.call_receive_timeout_ms = 20000;
  c.call_ring_timeout_ms = 90000;
  c.call_connect_timeout_ms = 30000;
  c.call_packet_timeout_ms = 10000;
  c.me_url_prefix = "https://t.me/";
  c.caption_length_max = 1024;
  c.message_length_max = 4096;
  c.webfile_dc_id = 4;
  return c;
}

}  // namespace

void add_stock_services(Dispatcher& dispatcher, const Shared& shared,
                        std::function<std::vector<tl::enums::DcOption>()> dc_options) {
  dispatcher.on<fn::help::GetConfig>([&shared, dc_options](const Call& call, const fn::help::GetConfig&) {
    return make_config(unix_seconds(shared.now()), call.dc_id, dc_options());
  });
  dispatcher.on<fn::help::GetNearestDc>([](const Call& call, const fn::help::GetNearestDc&) {
    return types::NearestDc{"ZZ", call.dc_id, call.dc_id};
  });
}

}  // namespace layer::fakedc
