#pragma once
// Private to the platform module: a SimGrid zone whose routes come from a FabricRouter.
#include <memory>
#include <string>
#include <vector>

#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>

#include "FabricRouter.hpp"

namespace tcsim::platform {

/**
 * @brief One flat SimGrid zone holding every NPU host (and the controller). Routes are computed on
 * demand by the FabricRouter instead of stored: SimGrid's own zone types would need an O(N²)
 * table, or a zone hierarchy that cannot express rail-optimised or torus routing.
 */
class FabricZone : public simgrid::kernel::routing::NetZoneImpl {
  // Every NPU, node host and storage server; the controller host has no links.
public:
  FabricZone(const std::string& name, std::shared_ptr<const FabricRouter> router);

  /** @brief Records which endpoint (NPU, node host, storage) the netpoint `netpoint_id` is. */
  void set_endpoint(unsigned long netpoint_id, FabricRouter::Endpoint endpoint);

  void get_local_route(const simgrid::kernel::routing::NetPoint* src, const simgrid::kernel::routing::NetPoint* dst,
                       simgrid::kernel::routing::Route* into, double* latency) override;

private:
  std::shared_ptr<const FabricRouter> router_;
  std::vector<FabricRouter::Endpoint> endpoints_;
  std::vector<bool> known_;
};

}  // namespace tcsim::platform
