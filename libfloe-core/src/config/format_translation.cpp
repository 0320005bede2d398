#include "config/format_translation.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <utility>
#include <vector>

#include "config/config_diagnostic.hpp"
#include "diag/codes.hpp"

namespace floe {

void relocate(LocatedDocument& doc, const std::string& from, const std::string& to) {
  std::vector<std::pair<std::string, Located>> moved = doc.locations.under(from);
  doc.locations.erase_under(from);
  for (auto& [path, where] : moved) doc.locations.put(to + path.substr(from.size()), where);
}

void translation_note(LocatedDocument& doc, Diagnostics& diags, const std::string& path, std::string message,
                      std::string hint) {
  diags.add(config_diagnostic(doc, Severity::note, codes::C090, path, Anchor::key, std::move(message), {},
                              std::move(hint)));
}

void two_tier_note(LocatedDocument& doc, Diagnostics& diags, const std::string& path, const std::string& message,
                   std::string hint) {
  translation_note(doc, diags, path, "two-tier format: " + message, std::move(hint));
}

boost::json::object* child_object(boost::json::value& v, const char* key) {
  if (!v.is_object()) return nullptr;
  boost::json::value* c = v.get_object().if_contains(key);
  return c != nullptr && c->is_object() ? &c->get_object() : nullptr;
}

void rename_key(LocatedDocument& doc, boost::json::object& obj, const std::string& base, const char* from,
                const char* to) {
  boost::json::value moved = std::move(obj.at(from));
  obj.erase(from);
  obj[to] = std::move(moved);
  relocate(doc, join_path(base, from), join_path(base, to));
}

void drop_key(LocatedDocument& doc, boost::json::object& obj, const std::string& base, const char* key) {
  obj.erase(key);
  doc.locations.erase_under(join_path(base, key));
}

bool same_in_both_spellings(const LocatedDocument& doc, Diagnostics& diags, const std::string& old_path,
                            const boost::json::value& old_value, const std::string& new_path,
                            const boost::json::value& new_value) {
  if (old_value == new_value) return true;
  SourceLocation first = doc.at(new_path);
  diags.add(config_diagnostic(
      doc, Severity::error, codes::C108, old_path, Anchor::value,
      fmt::format("'{}' is {} here but '{}' is {} at line {}: two spellings of one field with different values",
                  old_path, boost::json::serialize(old_value), new_path, boost::json::serialize(new_value), first.line),
      fmt::format("one value, written once as '{}'", new_path),
      fmt::format("remove '{}' and keep '{}' (the current spelling)", old_path, new_path)));
  return false;
}

bool is_secret_reference(const boost::json::value& v) {
  if (!v.is_object() || v.get_object().size() != 1) return false;
  std::string key(v.get_object().begin()->key());
  return key == "secret_ref" || key == "env" || key == "file" || key == "k8s" || key == "vault";
}

}  // namespace floe
