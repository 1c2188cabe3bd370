#include "tcsim/platform/PlatformExporter.hpp"

#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "tcsim/common/InputError.hpp"

namespace tcsim::platform {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

/** A split-duplex link's halves are named NAME_UP and NAME_DOWN. */
bool split_name(const std::string& name, std::string* base, std::string* direction) {
  for (const char* suffix : {"_UP", "_DOWN"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      *base = name.substr(0, name.size() - s.size());
      *direction = s.substr(1);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string PlatformExporter::to_xml(const Platform& platform, const std::string& target) {
  if (platform.npu_count() > kMaxNpus) {
    throw InputError(target, "", "exporting " + std::to_string(platform.npu_count()) + " NPUs would write " +
                                     std::to_string(platform.npu_count() * platform.npu_count()) +
                                     " routes; the export is limited to " + std::to_string(kMaxNpus) +
                                     " NPUs (resize with --set topology.nodes=N)");
  }
  // Collect the links the NPU-to-NPU routes use, once each.
  std::map<std::string, std::pair<double, double>> links;  // base name -> (bandwidth, latency)
  std::ostringstream routes;
  for (std::size_t a = 0; a < platform.npu_count(); ++a) {
    for (std::size_t b = 0; b < platform.npu_count(); ++b) {
      if (a == b) continue;
      std::vector<simgrid::s4u::Link*> path;
      double latency = 0;
      platform.npu(a)->route_to(platform.npu(b), path, &latency);
      routes << "    <route src=\"" << platform.npu(a)->get_name() << "\" dst=\"" << platform.npu(b)->get_name()
             << "\" symmetrical=\"NO\">";
      for (const auto* link : path) {
        std::string base, direction;
        if (!split_name(link->get_name(), &base, &direction)) {
          base = link->get_name();
          direction.clear();
        }
        links.emplace(base, std::make_pair(link->get_bandwidth(), link->get_latency()));
        routes << "<link_ctn id=\"" << base << "\"" << (direction.empty() ? "" : " direction=\"" + direction + "\"")
               << "/>";
      }
      routes << "</route>\n";
    }
  }
  std::ostringstream xml;
  xml << "<?xml version='1.0'?>\n"
      << "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
      << "<!-- Written by tcsim inspect --export-simgrid: NPUs, the links their routes use (split-duplex),\n"
      << "     and tcsim's own route for every ordered pair of NPUs. -->\n"
      << "<platform version=\"4.1\">\n"
      << "  <zone id=\"cluster\" routing=\"Full\">\n";
  for (std::size_t k = 0; k < platform.npu_count(); ++k) {
    xml << "    <host id=\"" << platform.npu(k)->get_name() << "\" speed=\"" << number(platform.npu(k)->get_speed())
        << "f\"/>\n";
  }
  for (const auto& [name, figures] : links) {
    xml << "    <link id=\"" << name << "\" bandwidth=\"" << number(figures.first) << "Bps\" latency=\""
        << number(figures.second) << "s\" sharing_policy=\"SPLITDUPLEX\"/>\n";
  }
  xml << routes.str() << "  </zone>\n</platform>\n";
  return xml.str();
}

}  // namespace tcsim::platform
