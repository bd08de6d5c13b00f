#include "serve/router.h"

#include <algorithm>

#include "serve/config.h"

namespace petrel::serve {

bool prefixCovers(std::string_view prefix, std::string_view path) {
  if (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
  if (prefix == "/") return !path.empty() && path[0] == '/';
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

Router::Router(const std::vector<const RouteConfig*>& routes) : routes_(routes) {
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i]->prefix) prefixes_.push_back(i);
    else exact_[routes_[i]->path].push_back(i);
  }
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [this](size_t a, size_t b) { return routes_[a]->path.size() > routes_[b]->path.size(); });
}

namespace {

bool allows(const RouteConfig& r, std::string_view method) {
  if (r.methods.empty()) return true;
  for (const std::string& m : r.methods)
    if (m == method || (method == "HEAD" && m == "GET")) return true;
  return false;
}

void addAllowed(const RouteConfig& r, std::string& allowed) {
  for (const std::string& m : r.methods) {
    if (allowed.find(m) != std::string::npos) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += m;
  }
}

}  // namespace

Router::Match Router::match(std::string_view path, std::string_view method) const {
  Match result;
  auto consider = [&](size_t i) {
    if (allows(*routes_[i], method)) {
      result.route = i;
      return true;
    }
    result.method_not_allowed = true;
    addAllowed(*routes_[i], result.allowed);
    return false;
  };
  if (auto it = exact_.find(std::string(path)); it != exact_.end())
    for (size_t i : it->second)
      if (consider(i)) return result;
  if (!result.method_not_allowed) {
    size_t matched_len = SIZE_MAX;
    for (size_t i : prefixes_) {
      const std::string& p = routes_[i]->path;
      // Only the longest covering prefix (and its method variants) counts.
      if (matched_len != SIZE_MAX && p.size() != matched_len) break;
      if (!prefixCovers(p, path)) continue;
      matched_len = p.size();
      if (consider(i)) return result;
    }
  }
  return result;
}

}  // namespace petrel::serve
