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
