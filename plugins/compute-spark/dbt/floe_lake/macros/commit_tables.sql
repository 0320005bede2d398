{#-
  floe_lake.commit_tables (Spark): stages a product's built table models in
  the Iceberg catalog registered in the session (the floe_lake target) under
  the name `database`. floe run calls it with dbt run-operation after dbt
  build and after the run's tests, quality gates and contract checks passed
  (write-audit-publish), with the tables it checked:

    database: the catalog's name in the session (spark.sql.catalog.<name>)
    tables:   [{"namespace": ..., "name": ..., "schema": ..., "identifier": ...,
                "lake_columns": [...] or none}]
              schema.identifier: where dbt built the model in the session's
              own catalog (spark_catalog), which the checks read;
              lake_columns: the table's columns as floe loaded it from the
              catalog, none when the catalog does not have it
    branch:   the run's staging branch (floe-run-<run id>)

  Nothing reaches a table's main here: each table gets the
  branch (cut from main, kept 7 days unless published) and one `overwrite`
  snapshot on it; floe then fast-forwards every table's main to its branch
  head in one multi-table commit (catalog.fast_forward_branches), which also
  removes the branch. Per table:
    - a table the catalog does not have is created empty first
      (CREATE TABLE ... USING iceberg AS SELECT ... LIMIT 0: an empty main
      snapshot, so a new table shows no rows before the publish);
    - one with the same columns gets its rows replaced on the branch
      (INSERT OVERWRITE into <table>.branch_<branch>);
    - one whose columns changed is replaced on main at once by CREATE OR
      REPLACE TABLE ... AS SELECT (an Iceberg schema is the table's, not a
      branch's): one replace snapshot, the table keeps its history and
      properties, and its branch is cut from that snapshot so the publish
      leaves it where it is. Such a table becomes visible before the others
      (docs/iceberg.md#staging).
-#}
{% macro commit_tables(database, tables, branch) %}
  {%- for table in tables -%}
    {%- do floe_lake.commit_table(database, table, branch) -%}
  {%- endfor -%}
{% endmacro %}

{#- `a`.`b`: each part quoted for Spark SQL. -#}
{% macro quoted(parts) %}
  {%- set out = [] -%}
  {%- for part in parts -%}
    {%- do out.append('`' ~ (part | replace('`', '``')) ~ '`') -%}
  {%- endfor -%}
  {{ return(out | join('.')) }}
{% endmacro %}

{#- The column names of a table, in order (DESCRIBE TABLE lists them first,
    then a blank row or '# ...' sections). -#}
{% macro columns_of(relation) %}
  {%- set names = [] -%}
  {%- set ns = namespace(done=false) -%}
  {%- for row in run_query("describe table " ~ relation) -%}
    {%- set name = row[0] | trim -%}
    {%- if name == '' or name.startswith('#') -%}
      {%- set ns.done = true -%}
    {%- endif -%}
    {%- if not ns.done -%}
      {%- do names.append(name | lower) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}

{% macro commit_table(database, table, branch) %}
  {%- set namespace_parts = [database] + table['namespace'].split('.') -%}
  {%- set lake = floe_lake.quoted(namespace_parts + [table['name']]) -%}
  {%- set local = floe_lake.quoted(['spark_catalog', table['schema'], table['identifier']]) -%}
  {#- Whether the catalog has the table, and its columns, come from floe
      (one catalog load each), not from SHOW TABLES and DESCRIBE here. -#}
  {%- set is_new = table['lake_columns'] is none -%}
  {%- set staged = floe_lake.quoted(namespace_parts + [table['name'], 'branch_' ~ branch]) -%}
  {%- set replaced = not is_new and (table['lake_columns'] | map('lower') | list) != floe_lake.columns_of(local) -%}
  {%- if is_new -%}
    {%- do run_query("create table " ~ lake ~ " using iceberg as select * from " ~ local ~ " limit 0") -%}
  {%- elif replaced -%}
    {{ log("floe_lake: the columns of " ~ table['namespace'] ~ "." ~ table['name'] ~ " changed; the table is replaced on main now (its history stays)", info=true) }}
    {%- do run_query("create or replace table " ~ lake ~ " using iceberg as select * from " ~ local) -%}
  {%- endif -%}
  {%- do run_query("alter table " ~ lake ~ " create branch if not exists " ~ floe_lake.quoted([branch]) ~ " retain 7 days") -%}
  {%- if not replaced -%}
    {%- do run_query("insert overwrite table " ~ staged ~ " select * from " ~ local) -%}
  {%- endif -%}
  {{ log("floe_lake: staged " ~ table['namespace'] ~ "." ~ table['name'] ~ " on branch " ~ branch, info=true) }}
{% endmacro %}
