#pragma once
/** @file Private: how the step simulators turn flows into SimGrid communications. */
#include <string>
#include <vector>

#include <simgrid/s4u/Mailbox.hpp>

#include "tcsim/platform/Platform.hpp"

namespace tcsim::engine::detail {

/**
 * @brief Carries one simulation's flows between NPUs: every NPU that receives has an inbox, a
 * SimGrid mailbox whose permanent receiver is a daemon actor on that NPU.
 *
 * Why not `Comm::sendto_async`: SimGrid 3.32 keeps every host-to-host communication in one list
 * and scans all of it each time one completes, so a phase of N concurrent flows costs O(N²)
 * (most of the wall time at 4k NPUs and above). A mailbox communication is only listed by the
 * actors that take part in it. SimGrid routes it from the sending actor's host to the receiving
 * actor's host, so the sender moves to each flow's source NPU before sending
 * (send_and_wait keeps each sending actor to a few flows, as moving costs O(its activities)).
 * The transfer itself is the same network action either way.
 */
class FlowTransport {
 public:
  explicit FlowTransport(const platform::Platform& platform);
  /**
   * Lets go of the receiving actors: a mailbox lives as long as the process and holds its
   * permanent receiver, whose stack SimGrid frees only when nothing refers to it, so without
   * this every simulation left one stack per NPU mapped (a second step at 16k NPUs ran out of
   * memory mappings).
   */
  ~FlowTransport();
  FlowTransport(const FlowTransport&) = delete;
  FlowTransport& operator=(const FlowTransport&) = delete;

  const platform::Platform& platform() const { return platform_; }
  /** @brief NPU `rank`'s inbox; its receiving actor is started on first use. */
  simgrid::s4u::Mailbox* inbox(int rank);

 private:
  const platform::Platform& platform_;
  /** Mailboxes outlive a simulation in SimGrid: each simulation's get names of their own. */
  std::string prefix_;
  std::vector<simgrid::s4u::Mailbox*> inboxes_;
};

}  // namespace tcsim::engine::detail
