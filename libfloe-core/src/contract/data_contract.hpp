// DataContract: an Open Data Contract Standard (ODCS) v3 document, the
// promise a data product's output port makes to its consumers (ADR-0038).
// Loaded strictly: YAML with every value's file:line:column, the Python
// alpha's dialect rewritten with notes, then validated against the ODCS JSON
// Schema of the standard's release (contract/odcs_schema.hpp), every problem
// reported in one pass. The typed view below is what the checks, `floe
// contract diff` and publishing read; the document itself is kept for
// locations and for writing it back out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

struct ContractProperty {
  std::string name;
  std::string logical_type;   // ODCS logicalType: string, integer, number, boolean, date, timestamp, ...; "" = unset
  std::string physical_type;  // as written: "VARCHAR(36)", "DECIMAL(12,2)"; "" = unset
  bool required = false;
  bool primary_key = false;
  bool unique = false;
  std::string classification;  // "" = unset; floe's words: public, internal, confidential, pii, ...
  bool encrypted = false;      // encryptedName is set: the value is published encrypted
  std::string description;
  SourceLocation where;  // of "schema[i].properties[j]"
};

struct ContractObject {
  std::string name;
  std::string physical_name;  // the table (dbt model) it is; "" = name
  std::string description;
  std::vector<ContractProperty> properties;
  std::string path;  // "schema[0]"
  SourceLocation where;

  // The dbt model this object is: physicalName, else name.
  const std::string& model() const { return physical_name.empty() ? name : physical_name; }
  const ContractProperty* find(std::string_view property) const;
};

struct ContractSla {
  std::string property;  // freshness, latency, availability, retention, ...
  std::string value;     // as written, numbers as text ("99.9", "PT6H")
  std::string unit;      // "" = unset
  std::string element;   // "" = the whole contract
  std::string path;
  SourceLocation where;
};

struct DataContract {
  LocatedDocument doc;  // as validated (after the alpha rewrite)
  std::string api_version, id, name, version, domain, status;
  std::vector<ContractObject> objects;
  std::vector<ContractSla> slas;

  const ContractObject* find_object(std::string_view name_or_model) const;
  const ContractSla* find_sla(std::string_view property) const;
};

// Reads and validates the ODCS document at `path`. Returns false when `diags`
// gained an error (FLOE-C001 unreadable, C002/C004/C005 YAML, C101..C107
// schema); `out` is filled as far as the document could be read.
bool load_contract(const std::string& path, DataContract& out, Diagnostics& diags);
bool load_contract_text(std::string_view text, const std::string& file, DataContract& out, Diagnostics& diags);

// The typed view of an ODCS document already in `out.doc` (no validation).
void read_contract_view(DataContract& out);

}  // namespace floe
