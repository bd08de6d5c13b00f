// Which route a request goes to: an exact path beats a prefix, a longer
// prefix beats a shorter one, and among routes on the same path the first
// whose methods include the request's wins. A path that matches only
// routes of other methods is 405 (with the methods it would take), not 404.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace petrel::serve {

struct RouteConfig;

class Router {
 public:
  // Indices refer to `routes`, which must outlive the router.
  explicit Router(const std::vector<const RouteConfig*>& routes);

  static constexpr size_t kNoRoute = SIZE_MAX;
  struct Match {
    size_t route = kNoRoute;  // the index, or kNoRoute
    bool method_not_allowed = false;
    std::string allowed;  // for 405: "GET, POST"
  };
  Match match(std::string_view path, std::string_view method) const;

 private:
  std::vector<const RouteConfig*> routes_;
  std::unordered_map<std::string, std::vector<size_t>> exact_;
  std::vector<size_t> prefixes_;  // longest first
};

// A prefix route "/api" or "/api/" covers "/api" and "/api/..." but not "/apix".
bool prefixCovers(std::string_view prefix, std::string_view path);

}  // namespace petrel::serve
