// What a data contract promises about the data itself, as checks floe runs
// on the tables a product built (`floe test`, `floe run`; docs/contracts.md
// #checks-at-run-time): the ODCS quality rules of type `library` (rowCount,
// nullValues, missingValues, invalidValues, duplicateValues) and `sql`, on a
// schema object or one of its properties, and the freshness SLA (`latency`,
// or the older `freshness`) with the element it names. Rules of type `text`
// (prose) and `custom` (another engine's) are not floe's to run.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "contract/data_contract.hpp"

namespace floe {

struct DataCheck {
  enum class Kind { metric, sql, freshness };
  Kind kind = Kind::metric;
  std::string model;   // the dbt model the check reads (its object's physicalName, else name)
  std::string column;  // "" = the whole table
  std::string metric;  // rowCount, nullValues, ..., "freshness"
  std::string query;   // kind sql: the contract's query, placeholders not yet replaced
  bool percent = false;                        // unit percent: a share of the rows, 0..100
  std::vector<boost::json::value> values;      // validValues / missingValues of the arguments
  std::vector<std::string> columns;            // duplicateValues of an object: arguments.properties
  // The comparison the measured value must pass: mustBe, mustNotBe,
  // mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan,
  // mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween (bounds inclusive).
  // Freshness: the age in seconds must be at most `low`.
  std::string op;
  double low = 0, high = 0;
  bool blocking = true;     // severity error (ODCS's default here); warning and info only warn
  std::string name;         // "gold_customer_360.customer_id nullValues = 0", or the rule's own name
  std::string unsupported;  // why floe cannot run it ("" = it can)
  std::string path;         // "schema[0].properties[1].quality[0]", "slaProperties[0]"
  SourceLocation where;
};

// Every check `contract` asks for, in document order: quality rules of the
// objects and their properties, then the freshness SLAs.
std::vector<DataCheck> data_checks(const DataContract& contract);

// Whether `value` passes the check's comparison.
bool check_passes(const DataCheck& check, double value);

// The comparison in words: "= 0", "> 1000", "between 1 and 5", "<= 26 h".
std::string threshold_text(const DataCheck& check);

}  // namespace floe
