{#-
  floe_lake.commit_tables (Trino): commits a product's built table models to
  the Iceberg catalog Trino knows under the name `database` (a catalog of the
  Trino server with connector.name=iceberg on the platform's REST catalog).
  floe run calls it with dbt run-operation after dbt build and after the
  run's tests, quality gates and contract checks passed (write-audit-publish),
  with the tables it checked:

    database: the lake's catalog name in Trino (the platform catalog's name)
    tables:   [{"namespace": ..., "name": ..., "relation": ...}]
              relation: "catalog"."schema"."name" where dbt built the model
              (the trino compute's own catalog, never the lake), which the
              checks read

  One Iceberg commit per table, each a single snapshot: CREATE OR REPLACE
  TABLE ... AS SELECT, which Trino's Iceberg connector commits as one
  replace transaction (a new table the first time; after that the table
  keeps its history, and no reader ever sees it empty, also when its columns
  changed). Trino writes one table per transaction: the tables are
  committed one after another (docs/iceberg.md#write-audit-publish).
-#}
{% macro commit_tables(database, tables) %}
  {%- set catalogs = run_query("show catalogs").columns[0].values() | map('lower') | list -%}
  {%- if database | lower not in catalogs -%}
    {{ exceptions.raise_compiler_error("floe_lake: the Trino server has no catalog '" ~ database ~ "' (it has: "
       ~ catalogs | join(', ') ~ "); give it one with connector.name=iceberg on the platform's Iceberg catalog "
       ~ "and storage (the compute-warehouses plugins' README, 'Trino on the lake')") }}
  {%- endif -%}
  {%- set namespaces = [] -%}
  {%- for table in tables if table['namespace'] not in namespaces -%}
    {%- do namespaces.append(table['namespace']) -%}
  {%- endfor -%}
  {%- for ns in namespaces -%}
    {%- do run_query("create schema if not exists " ~ floe_lake.quoted([database, ns])) -%}
  {%- endfor -%}
  {%- for table in tables -%}
    {%- set lake = floe_lake.quoted([database, table['namespace'], table['name']]) -%}
    {%- do run_query("create or replace table " ~ lake ~ " as select * from " ~ table['relation']) -%}
    {{ log("floe_lake: committed " ~ table['namespace'] ~ "." ~ table['name'], info=true) }}
  {%- endfor -%}
{% endmacro %}

{#- "a"."b": each part quoted for Trino's SQL. -#}
{% macro quoted(parts) %}
  {%- set out = [] -%}
  {%- for part in parts -%}
    {%- do out.append('"' ~ (part | replace('"', '""')) ~ '"') -%}
  {%- endfor -%}
  {{ return(out | join('.')) }}
{% endmacro %}
