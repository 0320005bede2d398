// Complete, valid documents (every section used) that tests start from.
#pragma once

namespace floe::test {

inline const char* kEnterpriseManifest = R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: acme-platform
  version: 1.2.3
  owner: platform-team@acme.com
  description: Acme's enterprise platform
  labels: {cost-center: "42", team: platform}
scope: enterprise
plugins:
  compute:
    type: duckdb
    version: 0.1.0
    config: {path: /tmp/x.duckdb, threads: 4}
    secrets:
      password: {secret_ref: warehouse-password}
      token: {env: SNOWFLAKE_TOKEN}
      key: {file: /run/secrets/key}
  catalog:
    type: polaris
    secrets:
      client: {k8s: {name: polaris-oauth, key: client-secret}}
      vault_one: {vault: {path: secret/data/polaris, key: token}}
  orchestrator: {type: dagster}
approved_plugins:
  compute: [duckdb, snowflake]
  orchestrator: [dagster]
data_architecture:
  pattern: medallion
  naming:
    enforcement: strict
  layers: [bronze, silver, gold]
governance:
  pii_encryption: required
  audit_logging: enabled
  policy_enforcement_level: strict
  data_retention_days: 90
  data_retention_bounds: {min_days: 30, max_days: 3650}
  quality_gates:
    minimum_test_coverage: 80
    coverage_mode: column
    layer_thresholds: {bronze: 50, silver: 80, gold: 100}
    required_tests: {silver: [not_null, unique], gold: [not_null, unique]}
    require_descriptions: true
    require_column_descriptions: false
    block_on_failure: true
  classification:
    default: internal
    columns: [{pattern: "*email*", classification: pii}]
  access_control:
    roles: [{name: analyst, grants: [{layer: gold, privileges: [select]}]}]
  custom_rules:
    - {type: require_tags_for_prefix, prefix: gold_, required_tags: [certified], applies_to: "*", name: certified-gold}
    - {type: require_meta_field, field: owner, applies_to: "gold_*"}
    - {type: require_tests_of_type, test_types: [unique], min_columns: 1, applies_to: "gold_*"}
    - {type: forbid_materialization, materializations: [view], applies_to: "gold_*"}
  policy_overrides:
    - {pattern: "legacy_*", action: downgrade, reason: "migration ticket DATA-42", expires: 2027-03-31,
       policy_types: [naming, coverage, documentation, tests, dag, custom]}
observability:
  traces: {endpoint: "http://otel-collector:4317", protocol: grpc}
  lineage: {endpoint: "http://marquez:5000", namespace: acme}
  logging: {level: INFO, format: json}
artifacts:
  registry: oci://registry.acme.com/floe-platform
)";

inline const char* kDomainManifest = R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: sales
  version: 2.0.0-rc.1
  owner: sales-platform@acme.com
scope: domain
parent_manifest: ../enterprise/manifest.yaml
approved_products: [customer-360]
plugins:
  compute: {type: duckdb}
data_architecture:
  pattern: custom
  naming:
    custom_patterns: ["^(raw|stg|mart)_[a-z0-9_]+$"]
artifacts:
  registry: {uri: "oci://registry.acme.com/sales", auth: {type: token, credentials: {secret_ref: registry-token}}, tls_verify: true}
)";

inline const char* kFullProduct = R"(apiVersion: floe.dev/v1
kind: DataProduct
metadata:
  name: customer-360
  version: 1.0.0
  owner: sales-data@acme.com
  description: One row per customer
  domain: sales
  labels: {}
platform:
  ref: ../platform/manifest.yaml
transforms:
  - type: dbt
    path: .
schedule: {cron: "0 6 * * *", timezone: Europe/Berlin, enabled: true}
ingestion:
  sources:
    - name: raw_orders
      format: csv
      path: data/orders.csv
      destination: bronze_orders
      write_mode: merge
      merge_keys: [order_id]
      contract:
        columns: [{name: order_id, type: integer, nullable: false, classification: internal}]
        on_violation: quarantine
    - name: raw_customers
      format: parquet
      path: data/customers.parquet
      destination: bronze_customers
input_ports: [{name: crm_customers, product: crm-core, port: customers}]
output_ports:
  - name: customer_360
    table: gold_customer_360
    description: The customer view
    contract: {columns: [{name: customer_id, type: integer, required: true, classification: internal}]}
slas: {freshness: PT6H, availability: 99.5}
)";

}  // namespace floe::test
