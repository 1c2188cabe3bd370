#include "tcsim/common/Version.hpp"

namespace tcsim {

const char* version() { return TCSIM_VERSION_STRING; }

}  // namespace tcsim
