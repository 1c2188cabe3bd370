#include <gtest/gtest.h>

#include "support/CliRunner.hpp"

#include "tcsim/common/InputError.hpp"
#include "tcsim/common/JsonCursor.hpp"

using tcsim::InputError;
using tcsim::JsonCursor;

using tcsim::test::input_error_text;

TEST(JsonCursor, missing_field_names_file_and_path) {
  const auto doc = nlohmann::json::parse(R"({"fabric": {"port_gbps": 100}})");
  const JsonCursor root(doc, "t.json");
  EXPECT_EQ(input_error_text([&] { root.at("fabric").at("leaf_ports"); }),
            "t.json: at /fabric/leaf_ports: missing required field 'leaf_ports'");
}

TEST(JsonCursor, wrong_type_says_what_was_expected_and_got) {
  const auto doc = nlohmann::json::parse(R"({"nodes": "many"})");
  const JsonCursor root(doc, "t.json");
  EXPECT_EQ(input_error_text([&] { root.at("nodes").positive_integer(); }),
            "t.json: at /nodes: expected an integer, got string \"many\"");
}

TEST(JsonCursor, negative_rejected_where_positive_required) {
  const auto doc = nlohmann::json::parse(R"({"gbps": -100})");
  EXPECT_NE(input_error_text([&] { JsonCursor(doc, "t.json").at("gbps").positive_number(); }).find("expected a positive number"),
            std::string::npos);
}

TEST(JsonCursor, integral_float_accepted_as_integer_fraction_rejected) {
  const auto doc = nlohmann::json::parse(R"({"a": 128.0, "b": 128.5})");
  const JsonCursor root(doc, "t.json");
  EXPECT_EQ(root.at("a").positive_integer(), 128);
  EXPECT_NE(input_error_text([&] { root.at("b").integer(); }).find("expected an integer"), std::string::npos);
}

TEST(JsonCursor, an_integer_too_large_for_its_field_is_an_error_not_a_wrapped_value) {
  const auto doc = nlohmann::json::parse(R"({"pp": 4294967296, "max": 2147483647, "neg": -2147483649, "huge": 18446744073709551615})");
  const JsonCursor root(doc, "w.json");
  // 2^32 narrowed to int is 0: a division by zero later, so it is refused here.
  EXPECT_EQ(input_error_text([&] { root.at("pp").positive_int(); }),
            "w.json: at /pp: expected an integer from 1 to 2147483647, got 4294967296");
  EXPECT_EQ(root.at("pp").positive_integer(), 4294967296);  // fine where 64 bits are kept
  EXPECT_EQ(root.at("max").positive_int(), 2147483647);
  EXPECT_NE(input_error_text([&] { root.at("neg").int_value(); }).find("at most 2^31 - 1 in size"), std::string::npos);
  // Above 2^63 nlohmann keeps an unsigned 64-bit value; read as signed it would turn negative.
  EXPECT_NE(input_error_text([&] { root.at("huge").integer(); }).find("expected an integer below 2^63"), std::string::npos);
}

TEST(JsonCursor, latencies_and_bandwidths_stay_where_the_network_solver_works) {
  // SimGrid 3.32 crashed on a 1e-30 s latency and on 1e308 Gb/s; real hardware is far inside.
  const auto doc = nlohmann::json::parse(
      R"({"zero": 0, "ns": 1e-7, "tiny": 1e-30, "huge": 1e308, "nvlink": 14400, "slow": 1e-9, "fast": 1e308})");
  const JsonCursor root(doc, "t.json");
  EXPECT_EQ(root.at("zero").latency_s(), 0.0);
  EXPECT_EQ(root.at("ns").latency_s(), 1e-7);
  EXPECT_EQ(input_error_text([&] { root.at("tiny").latency_s(); }),
            "t.json: at /tiny: expected 0 or a latency from 1e-12 to 1000 s, got 1e-30");
  EXPECT_NE(input_error_text([&] { root.at("huge").latency_s(); }).find("latency from 1e-12 to 1000 s"), std::string::npos);
  EXPECT_EQ(root.at("nvlink").bandwidth_gbps(), 14400.0);
  EXPECT_NE(input_error_text([&] { root.at("slow").bandwidth_gbps(); }).find("bandwidth from 1e-06 to 1e+09 Gb/s"),
            std::string::npos);
  EXPECT_NE(input_error_text([&] { root.at("fast").bandwidth_gbps(); }).find("got 1e+308"), std::string::npos);
  EXPECT_NE(input_error_text([&] { root.at("zero").bandwidth_gbps(); }).find("bandwidth from"), std::string::npos);
  EXPECT_EQ(root.at("nvlink").number_within(1, 1e5), 14400.0);
  EXPECT_EQ(input_error_text([&] { root.at("huge").number_within(1e-6, 1e9); }),
            "t.json: at /huge: expected a number from 1e-06 to 1e+09, got 1e+308");
}

TEST(JsonCursor, unknown_key_names_nearest_allowed_key) {
  const auto doc = nlohmann::json::parse(R"({"nodez": 4})");
  EXPECT_EQ(input_error_text([&] { JsonCursor(doc, "t.json").expect_object_with({"nodes", "node", "fabric"}); }),
            "t.json: at /nodez: unknown key 'nodez'; did you mean 'nodes' or 'node'?");
}

TEST(JsonCursor, one_of_lists_choices) {
  const auto doc = nlohmann::json::parse(R"({"kind": "leaf-spine"})");
  EXPECT_EQ(input_error_text([&] { JsonCursor(doc, "t.json").at("kind").one_of({"leaf_spine"}); }),
            "t.json: at /kind: expected one of leaf_spine, got 'leaf-spine' (did you mean 'leaf_spine'?)");
}
