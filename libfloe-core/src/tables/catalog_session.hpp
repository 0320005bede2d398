// The selected catalog plugin of a compiled product, opened once and asked
// for operations with the selection's secret references: what `floe iceberg`
// and a run writing to the lake share. Every failure is a diagnostic naming
// the catalog and the method (FLOE-W102, or FLOE-W103 when it is
// unreachable), never a secret.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "plugin/registry.hpp"

namespace floe::tables {

class Catalog {
 public:
  // From compiled_artifacts.json's plugins.catalog; FLOE-W101 when the
  // platform selects none.
  Catalog(Registry& registry, const boost::json::object& artifacts, const std::string& artifacts_path,
          Diagnostics& diags);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  bool usable() const { return instance_ != nullptr; }
  const std::string& type() const { return type_; }
  // The ABI the plugin was built with (FLOE_MAKE_VERSION form): a request
  // key added in a later minor is sent only to plugins that know it (a
  // plugin may refuse keys it does not know).
  uint32_t abi_version() const;

  // The method's answer, or nullopt after a diagnostic naming it.
  std::optional<boost::json::object> call(const char* method, boost::json::object request);
  // The same, except that the plugin answering `expected` (e.g.
  // FLOE_ERR_ALREADY_EXISTS) is no diagnostic; `status` says what it answered.
  std::optional<boost::json::object> call_allowing(const char* method, boost::json::object request,
                                                   floe_status expected, floe_status& status);
  // Each table's load_table answer (nullopt: the catalog does not have it),
  // in the order asked: one load_tables call where the plugin has it (ABI
  // 1.8, loaded concurrently), else one load_table after another. nullopt
  // after a diagnostic when any other load fails.
  std::optional<std::vector<std::optional<boost::json::object>>> load_tables(const std::vector<std::string>& identifiers);
  // Whether the plugin implements `method` (an optional one): it answers
  // `probe` with anything but FLOE_ERR_NOT_IMPLEMENTED. Never a diagnostic.
  bool implements(const char* method, boost::json::object probe);
  // The plugin's message for the last call that failed ("" after a success).
  const std::string& last_error() const { return last_error_; }

 private:
  void fail(std::string message, floe_status status = FLOE_ERR_PLUGIN_FAILED);

  Registry& registry_;
  Diagnostics& diags_;
  SourceLocation where_;
  std::string type_;
  boost::json::object secrets_;
  Instance* instance_ = nullptr;
  std::string last_error_;
};

}  // namespace floe::tables
