# Sources of libfloe-core/src/enforce (appended to FLOE_CORE_SOURCES).
list(APPEND FLOE_CORE_SOURCES
     src/enforce/model_facts.cpp
     src/enforce/naming_convention.cpp
     src/enforce/naming_rule.cpp
     src/enforce/coverage_rule.cpp
     src/enforce/required_tests_rule.cpp
     src/enforce/documentation_rule.cpp
     src/enforce/cycle_finder.cpp
     src/enforce/dag_rule.cpp
     src/enforce/custom_rules.cpp
     src/enforce/overrides.cpp
     src/enforce/policy_enforcer.cpp
     src/enforce/incremental_enforcement.cpp
     src/enforce/enforcement_json.cpp)
