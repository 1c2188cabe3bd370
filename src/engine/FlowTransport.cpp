#include "FlowTransport.hpp"

#include <simgrid/s4u/Actor.hpp>

namespace tcsim::engine::detail {

namespace s4u = simgrid::s4u;

namespace {
/** Simulations started in this process: names each one's inboxes apart. */
int simulations_started = 0;
}  // namespace

FlowTransport::FlowTransport(const platform::Platform& platform)
    : platform_(platform),
      prefix_("inbox" + std::to_string(simulations_started++) + "-"),
      inboxes_(platform.npu_count(), nullptr) {}

FlowTransport::~FlowTransport() {
  for (s4u::Mailbox* box : inboxes_)
    if (box != nullptr) box->set_receiver(nullptr);
}

s4u::Mailbox* FlowTransport::inbox(int rank) {
  s4u::Mailbox*& box = inboxes_.at(static_cast<std::size_t>(rank));
  if (box != nullptr) return box;
  box = s4u::Mailbox::by_name(prefix_ + std::to_string(rank));
  // The receiver only gives the transfers their destination host and drains the mailbox (a
  // permanent mailbox keeps every message until someone takes it); a daemon, it ends with the
  // simulation.
  s4u::ActorPtr receiver = s4u::Actor::create("inbox-" + std::to_string(rank), platform_.npu(rank), [box] {
    for (;;) box->get<void>();
  });
  receiver->daemonize();
  box->set_receiver(receiver);
  return box;
}

}  // namespace tcsim::engine::detail
