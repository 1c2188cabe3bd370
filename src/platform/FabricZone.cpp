#include "FabricZone.hpp"

namespace tcsim::platform {

FabricZone::FabricZone(const std::string& name, std::shared_ptr<const FabricRouter> router)
    : NetZoneImpl(name), router_(std::move(router)) {}

void FabricZone::set_rank(unsigned long netpoint_id, std::size_t rank) {
  if (netpoint_id >= rank_of_netpoint_.size()) rank_of_netpoint_.resize(netpoint_id + 1, -1);
  rank_of_netpoint_[netpoint_id] = static_cast<long>(rank);
}

void FabricZone::get_local_route(const simgrid::kernel::routing::NetPoint* src,
                                 const simgrid::kernel::routing::NetPoint* dst, simgrid::kernel::routing::Route* into,
                                 double* latency) {
  const auto rank = [this](const simgrid::kernel::routing::NetPoint* p) {
    return p->id() < rank_of_netpoint_.size() ? rank_of_netpoint_[p->id()] : -1L;
  };
  const long a = rank(src);
  const long b = rank(dst);
  if (a < 0 || b < 0) return;  // the controller host has no links: nothing routes through it
  std::vector<simgrid::s4u::LinkInRoute> links;
  double latency_s = 0;
  router_->route(static_cast<std::size_t>(a), static_cast<std::size_t>(b), links, latency_s);
  const auto impls = get_link_list_impl(links, false);
  into->link_list_.insert(into->link_list_.end(), impls.begin(), impls.end());
  if (latency != nullptr) *latency += latency_s;
}

}  // namespace tcsim::platform
