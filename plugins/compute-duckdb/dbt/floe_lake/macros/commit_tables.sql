{#-
  floe_lake.commit_tables: commits a product's built table models to the
  Iceberg catalog attached to the session (the floe_lake target). floe run
  calls it after dbt build (dbt run-operation), with the tables it checked:

    database: the catalog's name in the session
    tables:   [{"namespace": ..., "name": ..., "relation": '"db"."schema"."model"',
                "local_database": "db", "schema": "schema", "identifier": "model",
                "lake_columns": [...] or none (the catalog does not have the table)}]

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
  {#- One query per namespace and one for all local tables' columns, not a
      question per table: every catalog question is a REST round trip and
      every run_query dbt's own overhead. The lake tables' columns come from
      floe, which loaded each table from the catalog (lake_columns, none for
      a table the catalog does not have). -#}
  {%- set namespaces = tables | map(attribute='namespace') | unique | list -%}
  {%- for namespace in namespaces -%}
    {%- do run_query('create schema if not exists "' ~ database ~ '"."' ~ namespace ~ '"') -%}
  {%- endfor -%}
  {%- set local_columns = floe_lake.local_columns(tables) -%}
  {%- for table in tables -%}
    {%- do floe_lake.prepare_table(database, table, local_columns.get(floe_lake.local_key(table), [])) -%}
  {%- endfor -%}
  {#- dbt-duckdb runs each query on its own otherwise. The DELETEs and
      INSERTs go as one script: DuckDB runs its statements in order, in the
      transaction, and stops at the first that fails. -#}
  {%- do run_query("begin transaction") -%}
  {%- set statements = [] -%}
  {%- for table in tables -%}
    {%- set lake = floe_lake.lake_relation(database, table['namespace'], table['name']) -%}
    {%- do statements.append("delete from " ~ lake) -%}
    {%- do statements.append("insert into " ~ lake ~ " select * from " ~ table['relation']) -%}
  {%- endfor -%}
  {%- do run_query(statements | join(";\n")) -%}
  {%- do run_query("commit") -%}
  {%- do adapter.commit() -%}
  {%- for table in tables -%}
    {{ log("floe_lake: committed " ~ table['namespace'] ~ "." ~ table['name'], info=true) }}
  {%- endfor -%}
{% endmacro %}

{% macro lake_relation(database, namespace, name) %}
  {{ return('"' ~ database ~ '"."' ~ namespace ~ '"."' ~ name ~ '"') }}
{% endmacro %}

{#- "<database>.<schema>.<name>" of a table's local relation (the key of
    local_columns). -#}
{% macro local_key(table) %}
  {{ return(table['local_database'] ~ '.' ~ table['schema'] ~ '.' ~ table['identifier']) }}
{% endmacro %}

{#- The columns of every table's local relation, in order, by local_key:
    one query of the local database's catalog. -#}
{% macro local_columns(tables) %}
  {%- set wanted = [] -%}
  {%- for table in tables -%}
    {%- do wanted.append("('" ~ (table['local_database'] | replace("'", "''")) ~ "', '" ~ (table['schema'] | replace("'", "''"))
                         ~ "', '" ~ (table['identifier'] | replace("'", "''")) ~ "')") -%}
  {%- endfor -%}
  {%- set query -%}
    select table_catalog || '.' || table_schema || '.' || table_name, column_name from information_schema.columns
    where (table_catalog, table_schema, table_name) in ({{ wanted | join(', ') }})
    order by table_catalog, table_schema, table_name, ordinal_position
  {%- endset -%}
  {%- set out = {} -%}
  {%- for row in run_query(query) -%}
    {%- do out.setdefault(row[0], []).append(row[1]) -%}
  {%- endfor -%}
  {{ return(out) }}
{% endmacro %}

{#- Phase 1 for one table: after it, the catalog has the table with the
    model's columns (empty when it was created now). -#}
{% macro prepare_table(database, table, columns) %}
  {%- set lake = floe_lake.lake_relation(database, table['namespace'], table['name']) -%}
  {%- set exists = table['lake_columns'] is not none -%}
  {%- if exists and (table['lake_columns'] | map('lower') | list) != (columns | map('lower') | list) -%}
    {{ log("floe_lake: the columns of " ~ table['namespace'] ~ "." ~ table['name'] ~ " changed; the table is created again", info=true) }}
    {%- do run_query("drop table " ~ lake) -%}
    {%- do adapter.commit() -%}
    {%- set exists = false -%}
  {%- endif -%}
  {%- if not exists -%}
    {#- LIMIT 0: the table and its schema, no snapshot; the rows come with
        the others in phase 2. -#}
    {%- do run_query("create table " ~ lake ~ " as select * from " ~ table['relation'] ~ " limit 0") -%}
    {%- do adapter.commit() -%}
  {%- endif -%}
{% endmacro %}
