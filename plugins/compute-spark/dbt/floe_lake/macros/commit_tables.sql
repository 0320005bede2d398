{#-
  floe_lake.commit_tables (Spark): commits a product's built table models to
  the Iceberg catalog registered in the session (the floe_lake target) under
  the name `database`. floe run calls it with dbt run-operation after dbt
  build and after the run's tests, quality gates and contract checks passed
  (write-audit-publish), with the tables it checked:

    database: the catalog's name in the session (spark.sql.catalog.<name>)
    tables:   [{"namespace": ..., "name": ..., "schema": ..., "identifier": ...}]
              schema.identifier: where dbt built the model in the session's
              own catalog (spark_catalog), which the checks read

  One Iceberg commit per table, each a single snapshot:
    - a table the catalog does not have is created from the model
      (CREATE TABLE ... USING iceberg AS SELECT);
    - one with the same columns gets its rows replaced by INSERT OVERWRITE
      (one `overwrite` snapshot: no reader ever sees it empty);
    - one whose columns changed is replaced by CREATE OR REPLACE TABLE ...
      AS SELECT, which Iceberg commits as one replace transaction: the table
      keeps its history and properties.
  Spark SQL has no multi-table transaction: the tables are committed one
  after another (docs/iceberg.md#write-audit-publish).
-#}
{% macro commit_tables(database, tables) %}
  {%- for table in tables -%}
    {%- do floe_lake.commit_table(database, table) -%}
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

{% macro commit_table(database, table) %}
  {%- set namespace_parts = [database] + table['namespace'].split('.') -%}
  {%- set lake = floe_lake.quoted(namespace_parts + [table['name']]) -%}
  {%- set local = floe_lake.quoted(['spark_catalog', table['schema'], table['identifier']]) -%}
  {%- set existing = run_query("show tables in " ~ floe_lake.quoted(namespace_parts)).columns['tableName'].values() | map('lower') | list -%}
  {%- if table['name'] | lower not in existing -%}
    {%- do run_query("create table " ~ lake ~ " using iceberg as select * from " ~ local) -%}
  {%- elif floe_lake.columns_of(lake) == floe_lake.columns_of(local) -%}
    {%- do run_query("insert overwrite table " ~ lake ~ " select * from " ~ local) -%}
  {%- else -%}
    {{ log("floe_lake: the columns of " ~ table['namespace'] ~ "." ~ table['name'] ~ " changed; the table is replaced (its history stays)", info=true) }}
    {%- do run_query("create or replace table " ~ lake ~ " using iceberg as select * from " ~ local) -%}
  {%- endif -%}
  {{ log("floe_lake: committed " ~ table['namespace'] ~ "." ~ table['name'], info=true) }}
{% endmacro %}
