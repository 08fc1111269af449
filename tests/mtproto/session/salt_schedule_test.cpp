// SaltSchedule on its own: order, duplicates, empty ranges, capacity.
#include "layer/mtproto/salt_schedule.hpp"

#include <gtest/gtest.h>

namespace layer::mtproto::test {
namespace {

TEST(SaltSchedule, HandsOutTheLatestStartedSaltOnce) {
  SaltSchedule s;
  s.add({200, 300, 3});
  s.add({0, 150, 1});
  s.add({100, 250, 2});
  EXPECT_EQ(s.next_since(), 0);
  EXPECT_EQ(s.take_due(120), 2);  // 1 and 2 both started; 2 is the later
  EXPECT_FALSE(s.take_due(120));  // each is handed out once
  EXPECT_EQ(s.next_since(), 200);
  EXPECT_EQ(s.take_due(200), 3);
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(s.next_since());
}

TEST(SaltSchedule, SkipsExpiredDuplicateAndEmptySalts) {
  SaltSchedule s;
  s.add({0, 10, 1});
  s.add({0, 10, 1});
  s.add({50, 50, 2});
  EXPECT_EQ(s.size(), 1u);
  EXPECT_FALSE(s.take_due(10));  // expired by then
  EXPECT_EQ(s.size(), 0u);
}

TEST(SaltSchedule, KeepsTheNearestWhenFull) {
  SaltSchedule s;
  for (std::int64_t i = SaltSchedule::kCapacity + 10; i > 0; --i) s.add({i * 10, i * 10 + 5, i});
  EXPECT_EQ(s.size(), SaltSchedule::kCapacity);
  EXPECT_EQ(s.next_since(), 10);
  EXPECT_EQ(s.take_due(12), 1);
}

}  // namespace
}  // namespace layer::mtproto::test
