{#-
  floe_lake.commit_tables: commits a product's built table models to the
  Iceberg catalog attached to the session (the floe_lake target). floe run
  calls it after dbt build (dbt run-operation), with the tables it checked:

    database: the catalog's name in the session
    tables:   [{"namespace": ..., "name": ..., "relation": '"db"."schema"."model"'}]

  The model was built as dbt-duckdb always builds it, in the local database
  file (downstream models and tests read that copy). Each table is committed
  in a transaction of its own:
    - a table the catalog does not have is created from the model;
    - one with the same columns gets its rows replaced (DELETE + INSERT in
      one transaction: one catalog commit), so every run adds to the table's
      history and it keeps its properties and readers;
    - one whose columns changed is dropped and created again (its history
      starts over; the log says so).
-#}
{% macro commit_tables(database, tables) %}
  {%- for table in tables -%}
    {%- do floe_lake.commit_table(database, table['namespace'], table['name'], table['relation']) -%}
  {%- endfor -%}
{% endmacro %}

{#- The columns of a relation (SQL text), [] when there is none. DESCRIBE,
    not information_schema: DuckDB lists an Iceberg table it has not loaded
    yet with a placeholder column. -#}
{% macro columns_of(relation) %}
  {{ return(run_query("select column_name from (describe " ~ relation ~ ")").columns[0].values() | list) }}
{% endmacro %}

{% macro commit_table(database, namespace, name, relation) %}
  {%- set lake = '"' ~ database ~ '"."' ~ namespace ~ '"."' ~ name ~ '"' -%}
  {%- do run_query('create schema if not exists "' ~ database ~ '"."' ~ namespace ~ '"') -%}
  {%- set exists_query -%}
    select count(*) from information_schema.tables
    where table_catalog = '{{ database }}' and table_schema = '{{ namespace }}' and table_name = '{{ name }}'
  {%- endset -%}
  {%- set exists = run_query(exists_query).columns[0].values()[0] > 0 -%}
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
  {%- if exists -%}
    {#- One transaction: the catalog gets one commit (one metadata version),
        so no reader ever sees the table empty between the two. dbt-duckdb
        runs each query on its own otherwise. -#}
    {%- do run_query("begin transaction") -%}
    {%- do run_query("delete from " ~ lake) -%}
    {%- do run_query("insert into " ~ lake ~ " select * from " ~ relation) -%}
    {%- do run_query("commit") -%}
  {%- else -%}
    {%- do run_query("create table " ~ lake ~ " as select * from " ~ relation) -%}
  {%- endif -%}
  {%- do adapter.commit() -%}
  {{ log("floe_lake: committed " ~ namespace ~ "." ~ name, info=true) }}
{% endmacro %}
