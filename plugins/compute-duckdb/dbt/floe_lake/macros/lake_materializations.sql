{#-
  The table and incremental materializations of floe's lake target.

  The model is built exactly as dbt-duckdb builds it, in the local DuckDB
  database (downstream models and tests read that copy), and is then
  committed to the Iceberg catalog attached to the session, in the product's
  namespace, as one transaction: the table's rows are replaced (DELETE +
  INSERT), so every run adds a snapshot and the table's history, properties
  and readers survive. A model whose columns changed is dropped and created
  again (its history starts over; the run log says so).

  With any other target these are dbt-duckdb's own materializations.
-#}

{% materialization table, adapter='duckdb', supported_languages=['sql', 'python'] %}
  {%- set relations = dbt.materialization_table_duckdb() -%}
  {%- do floe_lake.commit_to_lake(this) -%}
  {{ return(relations) }}
{% endmaterialization %}

{% materialization incremental, adapter='duckdb', supported_languages=['sql', 'python'] %}
  {%- set relations = dbt.materialization_incremental_duckdb() -%}
  {%- do floe_lake.commit_to_lake(this) -%}
  {{ return(relations) }}
{% endmaterialization %}

{#- Where the lake target puts a model: the product's namespace, and for a
    custom schema (main_gold) the namespace dbt's naming derives from it
    (<namespace>_gold). A schema that is not derived from the target's is
    refused: a product writes only inside its approved namespace. -#}
{% macro lake_namespace(relation) %}
  {%- set ns = env_var('FLOE_LAKE_NAMESPACE') -%}
  {%- if relation.schema == target.schema -%}
    {{ return(ns) }}
  {%- elif relation.schema.startswith(target.schema ~ '_') -%}
    {{ return(ns ~ relation.schema[target.schema | length:]) }}
  {%- else -%}
    {{ exceptions.raise_compiler_error("FLOE-W107: model " ~ relation.identifier ~ " is built in schema '" ~ relation.schema ~ "', which is not derived from the target schema '" ~ target.schema ~ "': it has no place in the product's namespace " ~ ns ~ " (a product writes only into its approved namespace; remove the schema override, or use a custom schema dbt derives from the target's)") }}
  {%- endif -%}
{% endmacro %}

{#- The columns of a table, [] when there is none. DESCRIBE, not
    information_schema: DuckDB lists an Iceberg table it has not loaded yet
    with a placeholder column. -#}
{% macro column_names(database, schema, identifier) %}
  {%- set exists_query -%}
    select count(*) from information_schema.tables
    where table_catalog = '{{ database }}' and table_schema = '{{ schema }}' and table_name = '{{ identifier }}'
  {%- endset -%}
  {%- if run_query(exists_query).columns[0].values()[0] == 0 -%}{{ return([]) }}{%- endif -%}
  {%- set describe -%}
    select column_name from (describe "{{ database }}"."{{ schema }}"."{{ identifier }}")
  {%- endset -%}
  {{ return(run_query(describe).columns[0].values() | list) }}
{% endmacro %}

{% macro commit_to_lake(relation) %}
  {%- if target.name != 'floe_lake' or not execute -%}{{ return(none) }}{%- endif -%}
  {%- set database = env_var('FLOE_LAKE_DATABASE') -%}
  {%- set ns = floe_lake.lake_namespace(relation) -%}
  {%- set lake = '"' ~ database ~ '"."' ~ ns ~ '"."' ~ relation.identifier ~ '"' -%}
  {%- set local = relation.render() -%}
  {% call statement('floe_lake_namespace') -%}
    create schema if not exists "{{ database }}"."{{ ns }}"
  {%- endcall %}
  {%- set existing = floe_lake.column_names(database, ns, relation.identifier) -%}
  {%- set wanted = floe_lake.column_names(relation.database, relation.schema, relation.identifier) -%}
  {%- if existing and (existing | map('lower') | list) != (wanted | map('lower') | list) -%}
    {{ log("floe_lake: the columns of " ~ relation.identifier ~ " changed; " ~ ns ~ "." ~ relation.identifier ~ " is created again", info=true) }}
    {% call statement('floe_lake_drop') -%}
      drop table {{ lake }}
    {%- endcall %}
    {%- do adapter.commit() -%}
    {%- set existing = [] -%}
  {%- endif -%}
  {%- if not existing -%}
    {% call statement('floe_lake_create') -%}
      create table {{ lake }} as select * from {{ local }}
    {%- endcall %}
  {%- else -%}
    {% call statement('floe_lake_replace_rows') -%}
      delete from {{ lake }}
    {%- endcall %}
    {% call statement('floe_lake_insert_rows') -%}
      insert into {{ lake }} select * from {{ local }}
    {%- endcall %}
  {%- endif -%}
  {%- do adapter.commit() -%}
{% endmacro %}
