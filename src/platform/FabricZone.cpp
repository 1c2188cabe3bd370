#include "FabricZone.hpp"

namespace tcsim::platform {

FabricZone::FabricZone(const std::string& name, std::shared_ptr<const FabricRouter> router)
    : NetZoneImpl(name), router_(std::move(router)) {}

void FabricZone::set_endpoint(unsigned long netpoint_id, FabricRouter::Endpoint endpoint) {
  if (netpoint_id >= endpoints_.size()) {
    endpoints_.resize(netpoint_id + 1);
    known_.resize(netpoint_id + 1, false);
  }
  endpoints_[netpoint_id] = endpoint;
  known_[netpoint_id] = true;
}

void FabricZone::get_local_route(const simgrid::kernel::routing::NetPoint* src,
                                 const simgrid::kernel::routing::NetPoint* dst, simgrid::kernel::routing::Route* into,
                                 double* latency) {
  const auto known = [this](const simgrid::kernel::routing::NetPoint* p) { return p->id() < known_.size() && known_[p->id()]; };
  if (!known(src) || !known(dst)) return;  // the controller host has no links: nothing routes through it
  std::vector<simgrid::s4u::LinkInRoute> links;
  double latency_s = 0;
  router_->route(endpoints_[src->id()], endpoints_[dst->id()], links, latency_s);
  const auto impls = get_link_list_impl(links, false);
  into->link_list_.insert(into->link_list_.end(), impls.begin(), impls.end());
  if (latency != nullptr) *latency += latency_s;
}

}  // namespace tcsim::platform
