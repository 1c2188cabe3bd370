#include <gtest/gtest.h>

#include "tcsim/common/NearestKey.hpp"

using tcsim::edit_distance;
using tcsim::nearest_keys;
using tcsim::suggestion_text;

TEST(NearestKey, edit_distance_counts_insertions_deletions_substitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("nodes", "nodes"), 0u);
  EXPECT_EQ(edit_distance("nodse", "nodes"), 2u);
  EXPECT_EQ(edit_distance("node", "nodes"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(NearestKey, typo_gets_did_you_mean) {
  EXPECT_EQ(suggestion_text("leaf_portz", {"leaf_ports", "spine_ports", "port_gbps"}), "did you mean 'leaf_ports'?");
}

TEST(NearestKey, unrelated_word_lists_valid_keys_sorted) {
  EXPECT_EQ(suggestion_text("zzzzzzzzzz", {"nodes", "fabric"}), "valid keys: fabric, nodes");
}

TEST(NearestKey, ties_are_all_reported) {
  const auto best = nearest_keys("tp", {"dp", "pp", "global_batch"});
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0], "dp");
  EXPECT_EQ(best[1], "pp");
}
