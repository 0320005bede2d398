// The SQL of a data contract's checks, as one query dbt runs on the
// product's target (`dbt show --inline`): every check is a scalar subquery
// cast to a float, one row per check. dbt renders it, so `{{ ref() }}` names
// the model as the project built it and dbt's cross-database macros
// (datediff, current_timestamp, type_float) keep it engine-neutral.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "contract/data_checks.hpp"

namespace floe {

// The scalar expression measuring `check` (a row count, a number of null
// values, an age in seconds, the value of the contract's own query); nullopt
// with `why` when floe cannot write it safely: a name that is not a plain
// identifier, a value that holds Jinja, a freshness SLA without a column
// (that one is judged from the model's last build instead).
std::optional<std::string> check_expression(const DataCheck& check, std::string& why);

// One query over (id, expression) pairs: `select 'id' as floe_check,
// cast(expr as float) as floe_value union all ...`.
std::string checks_query(const std::vector<std::pair<std::string, std::string>>& checks);

}  // namespace floe
