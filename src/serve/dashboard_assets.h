// The dashboard's files (src/serve/dashboard/), built into the binary so a
// static petrel serves them with nothing beside it (see CMakeLists.txt).
#pragma once

#include <cstddef>
#include <string_view>

namespace petrel::serve {

struct DashboardAsset {
  std::string_view name;  // "index.html"
  std::string_view content_type;
  std::string_view body;
};

extern const DashboardAsset kDashboardAssets[];
extern const size_t kDashboardAssetCount;

}  // namespace petrel::serve
