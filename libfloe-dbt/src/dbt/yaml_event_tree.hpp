// A dbt file outside the fast YAML subset (anchors, tags, multi-line
// scalars), read into the fast parser's flat tree (base/fast_yaml.hpp) from
// yaml-cpp's parse events: the dbt readers then walk one kind of tree, and a
// large file costs ~32 bytes a node instead of yaml-cpp's node graph (~49x
// the file, docs/performance.md#reading-large-contracts).
#pragma once

#include <yaml-cpp/mark.h>

#include <string_view>

#include "base/fast_yaml.hpp"

namespace floe::dbt {

enum class EventTreeStatus { ok, empty, too_many_values };

struct EventTree {
  fastyaml::Document doc;
  EventTreeStatus status = EventTreeStatus::ok;
  YAML::Mark root_mark;  // where the document starts
};

// The first document of `text`, as yaml-cpp's loader would give it: a node
// per value (an alias is a copy of its anchor's nodes, with their marks),
// scalars' text as yaml-cpp decodes it, `quoted` for the non-specific tag "!"
// (quoted and block scalars). Stops at kMaxYamlValues nodes, or at an alias
// of an anchor that is still open (it refers to itself): too_many_values.
// A syntax error throws yaml-cpp's exception, as YAML::Load does.
EventTree read_event_tree(std::string_view text);

}  // namespace floe::dbt
