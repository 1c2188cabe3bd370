// The HTML pages of compare and sweep, opened in a real browser (Debian's headless Chromium).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/CliRunner.hpp"

using tcsim::test::run_cli;
using tcsim::test::source_path;
using tcsim::test::temp_file;

namespace {

/** Chromium's DOM of the page after loading it, and a screenshot's size in bytes. */
struct Rendered {
  std::string dom;
  std::size_t png_bytes = 0;
};

Rendered render(const std::string& html) {
  Rendered r;
  const std::string dom = html + ".dom";
  const std::string png = html + ".png";
  const std::string flags = " --headless --no-sandbox --disable-gpu --hide-scrollbars 2> /dev/null";
  EXPECT_EQ(std::system(("chromium" + flags + " --dump-dom 'file://" + html + "' > '" + dom + "'").c_str()), 0);
  EXPECT_EQ(std::system(("chromium" + flags + " --window-size=1100,1400 --screenshot='" + png + "' 'file://" + html + "' > /dev/null").c_str()), 0);
  r.dom = tcsim::test::read_text(dom);
  r.png_bytes = tcsim::test::read_text(png).size();
  return r;
}

std::string chart(const std::string& dom, const std::string& name) {
  const auto start = dom.find("data-chart=\"" + name + "\"");
  if (start == std::string::npos) return "";
  return dom.substr(start, dom.find("</svg>", start) - start);
}

}  // namespace

TEST(CliHtml, compare_and_sweep_pages_open_in_headless_chromium_with_their_charts) {
  ASSERT_EQ(std::system("command -v chromium > /dev/null"), 0)
      << "Chromium is missing: scripts/setup.sh --test installs Debian's 'chromium'";
  // A blank page's screenshot, to tell a drawn page from an empty one.
  const std::string blank = temp_file("blank.html", "<!DOCTYPE html><html><body></body></html>");
  const std::size_t blank_png = render(blank).png_bytes;

  const std::string compare_html = temp_file("compare.html", "");
  auto r = run_cli({"compare", "-w", source_path("workloads/resnet50-mlperf.json"), source_path("topologies/atlas900-1024.json"),
                    source_path("topologies/atlas800-cluster.json"), "--set", "topology.nodes=4", "--set",
                    "workload.global_batch=1024", "--replicas", "3", "--html", compare_html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = tcsim::test::read_text(compare_html);
  // Self-contained: nothing fetched, nothing run.
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(page.find("https://"), std::string::npos);
  const auto compared = render(compare_html);
  for (const char* name : {"step", "time_to_train_s", "goodput", "energy_kwh", "mfu"}) {
    const std::string svg = chart(compared.dom, name);
    ASSERT_FALSE(svg.empty()) << "no " << name << " chart in the DOM";
    EXPECT_EQ(tcsim::test::occurrences(svg, "class=\"series\""), 2u) << name << ": a series per design";
  }
  // With replicas the time to train has its confidence interval drawn.
  EXPECT_EQ(tcsim::test::occurrences(chart(compared.dom, "time_to_train_s"), "class=\"ci\""), 2u);
  EXPECT_GT(compared.png_bytes, 5 * blank_png) << "the screenshot looks blank";

  const std::string sweep_html = temp_file("sweep.html", "");
  const std::string sweep = temp_file(
      "html-sweep.json", R"({"schema": "tcsim.sweep/1", "topology": ")" + source_path("topologies/atlas900-1024.json") +
                             R"(", "workload": ")" + source_path("workloads/resnet50-mlperf.json") +
                             R"(", "set": ["workload.global_batch=1024"],
                                "grid": {"topology.nodes": [1, 2, 4, 8], "topology.node.nic.gbps": [25, 100, 400]}})");
  r = run_cli({"sweep", sweep, "--html", sweep_html, "--out", sweep_html + ".csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto swept = render(sweep_html);
  // Against topology.nodes (the axis with the most values): a line per NIC speed.
  const std::string steps = chart(swept.dom, "step_time_s");
  ASSERT_FALSE(steps.empty());
  EXPECT_NE(steps.find("against topology.nodes"), std::string::npos);
  EXPECT_EQ(tcsim::test::occurrences(steps, "class=\"series\""), 3u);
  EXPECT_EQ(tcsim::test::occurrences(steps, "<circle"), 12u);
  EXPECT_GT(swept.png_bytes, 5 * blank_png);

  // run --html adds the timeline of one step: a track per stage and stream (16 stages of
  // GPT-3 175B, each with its compute stream and its sends).
  const std::string run_html = temp_file("run.html", "");
  r = run_cli({"run", "-w", source_path("workloads/gpt3-175b.json"), "--set", "workload.global_batch=64", "--html", run_html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ran = render(run_html);
  const std::string timeline = chart(ran.dom, "timeline");
  ASSERT_FALSE(timeline.empty());
  EXPECT_GE(tcsim::test::occurrences(timeline, "class=\"series\""), 16u);
  EXPECT_NE(timeline.find("stage 15"), std::string::npos);
  EXPECT_FALSE(chart(ran.dom, "step").empty());
}
