#include "engine/version/build_info.hpp"

#include "git_commit.h"  // generated in the build tree

namespace prevalence::version {

std::string_view engine_version() noexcept { return PREVALENCE_VERSION; }

std::string_view git_commit() noexcept { return PREVALENCE_GIT_COMMIT; }

}  // namespace prevalence::version
