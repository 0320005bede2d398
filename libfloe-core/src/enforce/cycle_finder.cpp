// Cycle detection for the ref() graph: Tarjan's strongly connected
// components with an explicit stack (a 50k-model chain must not overflow the
// call stack), then one concrete cycle per component found by BFS.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "enforce/enforce_detail.hpp"

namespace floe::enforce {

namespace {

constexpr std::size_t kUnvisited = std::numeric_limits<std::size_t>::max();

struct Components {
  std::vector<std::size_t> id;                    // node -> component
  std::vector<std::vector<std::size_t>> members;  // component -> nodes
};

Components strongly_connected(const std::vector<std::vector<std::size_t>>& adj) {
  std::size_t n = adj.size();
  std::vector<std::size_t> index(n, kUnvisited), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::size_t> stack;
  struct Frame {
    std::size_t node;
    std::size_t next_edge;
  };
  std::vector<Frame> calls;
  Components c;
  c.id.assign(n, kUnvisited);
  std::size_t counter = 0;

  auto visit = [&](std::size_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = 1;
    calls.push_back({v, 0});
  };

  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    visit(root);
    while (!calls.empty()) {
      std::size_t v = calls.back().node;
      if (calls.back().next_edge < adj[v].size()) {
        std::size_t w = adj[v][calls.back().next_edge++];
        if (index[w] == kUnvisited)
          visit(w);  // "recurse"
        else if (on_stack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      // All edges of v done: v roots a component when nothing below reached higher.
      if (low[v] == index[v]) {
        std::vector<std::size_t> members;
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          c.id[w] = c.members.size();
          members.push_back(w);
        } while (w != v);
        c.members.push_back(std::move(members));
      }
      calls.pop_back();
      if (!calls.empty()) {
        std::size_t parent = calls.back().node;
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  return c;
}

}  // namespace

std::vector<std::vector<std::size_t>> find_cycles(const std::vector<std::vector<std::size_t>>& adj,
                                                  std::vector<std::size_t>* component_sizes) {
  Components comps = strongly_connected(adj);
  std::vector<std::vector<std::size_t>> cycles;
  std::vector<std::size_t> parent(adj.size(), kUnvisited);
  std::vector<std::size_t> queue;

  // Components in order of their smallest node, so the output is stable.
  std::vector<std::pair<std::size_t, std::size_t>> starts;  // (smallest node, component)
  for (std::size_t ci = 0; ci < comps.members.size(); ++ci) {
    const auto& mem = comps.members[ci];
    std::size_t start = *std::min_element(mem.begin(), mem.end());
    bool self_loop = std::find(adj[start].begin(), adj[start].end(), start) != adj[start].end();
    if (mem.size() > 1 || self_loop) starts.emplace_back(start, ci);
  }
  std::sort(starts.begin(), starts.end());

  for (auto [start, ci] : starts) {
    // BFS inside the component from `start` until an edge leads back to it:
    // the shortest cycle through the component's first node.
    queue.assign(1, start);
    parent[start] = start;
    std::size_t last = kUnvisited;
    for (std::size_t qi = 0; qi < queue.size() && last == kUnvisited; ++qi) {
      std::size_t x = queue[qi];
      for (std::size_t y : adj[x]) {
        if (comps.id[y] != ci) continue;
        if (y == start) {
          last = x;
          break;
        }
        if (parent[y] == kUnvisited) {
          parent[y] = x;
          queue.push_back(y);
        }
      }
    }
    std::vector<std::size_t> cycle;
    for (std::size_t x = last; x != start; x = parent[x]) cycle.push_back(x);
    cycle.push_back(start);
    std::reverse(cycle.begin(), cycle.end());
    cycle.push_back(start);
    for (std::size_t x : queue) parent[x] = kUnvisited;
    cycles.push_back(std::move(cycle));
    if (component_sizes) component_sizes->push_back(comps.members[ci].size());
  }
  return cycles;
}

}  // namespace floe::enforce
