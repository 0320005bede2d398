{#-
  floe_lake.read_inputs: copies the tables a product reads through its input
  ports from the lake into the local database, where its dbt sources point.
  floe run calls it before dbt build (dbt run-operation on the floe_lake
  target), with the ports the compile resolved:

    database: the catalog's name in the session
    inputs:   [{"source": "sales.customer_profile",   (the consumer's dbt source)
                "namespace": ..., "name": ...,          (the producer's table in the catalog)
                "snapshot_id": 123}]                    (the snapshot floe found current)

  Each copy reads exactly the snapshot floe recorded (AT (VERSION => id)),
  so the run record names what the models read; all copies are one
  transaction of the local database, so the models never see one input
  refreshed and another not. A source the project does not declare stops
  the operation with the source's name.
-#}
{% macro read_inputs(database, inputs) %}
  {%- do run_query("begin transaction") -%}
  {%- for input in inputs -%}
    {%- set source_name, table_name = input['source'].split('.', 1) -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() -%}
      {%- if node.source_name == source_name and node.name == table_name -%}
        {%- do found.append(node) -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if found | length == 0 -%}
      {%- do exceptions.raise_compiler_error("floe_lake: the project declares no dbt source " ~ input['source']) -%}
    {%- endif -%}
    {%- set node = found[0] -%}
    {%- set local = '"' ~ node.database ~ '"."' ~ node.schema ~ '"."' ~ node.identifier ~ '"' -%}
    {%- set lake = floe_lake.lake_relation(database, input['namespace'], input['name']) -%}
    {%- do run_query('create schema if not exists "' ~ node.database ~ '"."' ~ node.schema ~ '"') -%}
    {%- do run_query("create or replace table " ~ local ~ " as select * from " ~ lake
                     ~ " at (version => " ~ input['snapshot_id'] ~ ")") -%}
    {{ log("floe_lake: read " ~ input['namespace'] ~ "." ~ input['name'] ~ " @ " ~ input['snapshot_id'] ~ " into " ~ local, info=true) }}
  {%- endfor -%}
  {%- do run_query("commit") -%}
  {%- do adapter.commit() -%}
{% endmacro %}
