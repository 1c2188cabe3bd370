#include "tcsim/reliability/CheckpointInterval.hpp"

#include <cmath>

namespace tcsim::reliability {

double CheckpointInterval::young_s(double mtbf_s, double checkpoint_s) { return std::sqrt(2.0 * checkpoint_s * mtbf_s); }

double CheckpointInterval::daly_s(double mtbf_s, double checkpoint_s) {
  if (checkpoint_s >= 2.0 * mtbf_s) return mtbf_s;
  const double ratio = checkpoint_s / (2.0 * mtbf_s);
  return std::sqrt(2.0 * checkpoint_s * mtbf_s) * (1.0 + std::sqrt(ratio) / 3.0 + ratio / 9.0) - checkpoint_s;
}

}  // namespace tcsim::reliability
