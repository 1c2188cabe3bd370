#include "tcsim/platform/SimGridSession.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace tcsim::platform {

simgrid::s4u::Engine& SimGridSession::engine() {
  static simgrid::s4u::Engine* engine = [] {
    // SimGrid parses its options from argv; logs are kept quiet (its INFO lines are about
    // configuration, not results).
    static char arg0[] = "tcsim";
    static char log_quiet[] = "--log=root.thresh:critical";
    static char model[] = "--cfg=network/model:CM02";
    static char gamma[] = "--cfg=network/TCP-gamma:0";
    static char cross[] = "--cfg=network/crosstraffic:0";
    static char* argv[] = {arg0, log_quiet, model, gamma, cross, nullptr};
    static int argc = 5;
    return new simgrid::s4u::Engine(&argc, argv);
  }();
  return *engine;
}

}  // namespace tcsim::platform
