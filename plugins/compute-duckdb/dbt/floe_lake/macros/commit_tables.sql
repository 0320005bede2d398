{#-
  floe_lake.commit_tables: commits a product's built table models to the
  Iceberg catalog attached to the session (the floe_lake target). floe run
  calls it after dbt build (dbt run-operation), with the tables it checked:

    database: the catalog's name in the session
    tables:   [{"namespace": ..., "name": ..., "relation": '"db"."schema"."model"'}]

  The model was built as dbt-duckdb always builds it, in the local database
  file (downstream models and tests read that copy). The commit has two
  phases, so that every table's rows land together:
    1. each table the catalog does not have is created empty from the
       model's columns (a catalog creates tables one by one), and one whose
       columns changed is dropped and created again, empty (its history
       starts over; the log says so);
    2. one transaction replaces the rows of every table (DELETE + INSERT per
       table). DuckDB sends it as one multi-table commit
       (POST /v1/{prefix}/transactions/commit) when the catalog lists that
       endpoint in /v1/config, and one commit per table otherwise
       (docs/iceberg.md#write-audit-publish). Either way each table's main
       moves once: no reader sees a table empty between the DELETE and the
       INSERT, and with the multi-table commit no reader sees one table new
       and another old. A conflict (another writer moved a table's main
       since the transaction read it) refuses the whole commit.
-#}
{% macro commit_tables(database, tables) %}
  {#- One query per namespace and one for all tables' existence, not one of
      each per table: every catalog question is a REST round trip. -#}
  {%- set namespaces = tables | map(attribute='namespace') | unique | list -%}
  {%- for namespace in namespaces -%}
    {%- do run_query('create schema if not exists "' ~ database ~ '"."' ~ namespace ~ '"') -%}
  {%- endfor -%}
  {%- set existing = floe_lake.existing_tables(database, namespaces) -%}
  {%- for table in tables -%}
    {%- do floe_lake.prepare_table(database, table['namespace'], table['name'], table['relation'],
                                   (table['namespace'] ~ '.' ~ table['name']) in existing) -%}
  {%- endfor -%}
  {#- dbt-duckdb runs each query on its own otherwise. -#}
  {%- do run_query("begin transaction") -%}
  {%- for table in tables -%}
    {%- set lake = floe_lake.lake_relation(database, table['namespace'], table['name']) -%}
    {%- do run_query("delete from " ~ lake) -%}
    {%- do run_query("insert into " ~ lake ~ " select * from " ~ table['relation']) -%}
  {%- endfor -%}
  {%- do run_query("commit") -%}
  {%- do adapter.commit() -%}
  {%- for table in tables -%}
    {{ log("floe_lake: committed " ~ table['namespace'] ~ "." ~ table['name'], info=true) }}
  {%- endfor -%}
{% endmacro %}

{% macro lake_relation(database, namespace, name) %}
  {{ return('"' ~ database ~ '"."' ~ namespace ~ '"."' ~ name ~ '"') }}
{% endmacro %}

{#- The columns of a relation (SQL text), [] when there is none. DESCRIBE,
    not information_schema: DuckDB lists an Iceberg table it has not loaded
    yet with a placeholder column. -#}
{% macro columns_of(relation) %}
  {{ return(run_query("select column_name from (describe " ~ relation ~ ")").columns[0].values() | list) }}
{% endmacro %}

{#- "<namespace>.<name>" of every table the catalog has in `namespaces`. -#}
{% macro existing_tables(database, namespaces) %}
  {%- set quoted = [] -%}
  {%- for namespace in namespaces -%}
    {%- do quoted.append("'" ~ (namespace | replace("'", "''")) ~ "'") -%}
  {%- endfor -%}
  {%- set query -%}
    select table_schema || '.' || table_name from information_schema.tables
    where table_catalog = '{{ database | replace("'", "''") }}' and table_schema in ({{ quoted | join(', ') }})
  {%- endset -%}
  {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}

{#- Phase 1 for one table: after it, the catalog has the table with the
    model's columns (empty when it was created now). -#}
{% macro prepare_table(database, namespace, name, relation, exists) %}
  {%- set lake = floe_lake.lake_relation(database, namespace, name) -%}
  {%- if exists -%}
    {%- set before = floe_lake.columns_of(lake) | map('lower') | list -%}
    {%- set now = floe_lake.columns_of(relation) | map('lower') | list -%}
    {%- if before != now -%}
      {{ log("floe_lake: the columns of " ~ namespace ~ "." ~ name ~ " changed; the table is created again", info=true) }}
      {%- do run_query("drop table " ~ lake) -%}
      {%- do adapter.commit() -%}
      {%- set exists = false -%}
    {%- endif -%}
  {%- endif -%}
  {%- if not exists -%}
    {#- LIMIT 0: the table and its schema, no snapshot; the rows come with
        the others in phase 2. -#}
    {%- do run_query("create table " ~ lake ~ " as select * from " ~ relation ~ " limit 0") -%}
    {%- do adapter.commit() -%}
  {%- endif -%}
{% endmacro %}
