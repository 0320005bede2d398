{#-
  floe_lake.write_data_files: writes each of a product's built table models
  as one Parquet file in its Iceberg table's data directory, for floe to
  commit with the catalog plugin's commit_data_files: one snapshot per table
  whose manifest lists that file and nothing else (DuckDB's own DELETE +
  INSERT keeps every older file in the table, as positional deletes). floe
  run calls it after the run's checks passed (dbt run-operation) with:

    database:    the catalog's name in the session
    tables:      [{"namespace", "name", "relation", "local_database", "schema", "identifier",
                   "lake_columns": [...] or none (the catalog does not have the table),
                   "lake_fields": the table's current Iceberg schema fields (none: new),
                   "file": the data file's URI (in the table's data directory)}]
    vended_credentials: true when the catalog vends the storage's keys (the
                 storage has none of its own): each table is read through the
                 attached catalog first, for DuckDB to take its keys
    result_path: a local file this macro writes its answer to, as a JSON array:
                 {"table": "ns.name", "file"} per file written, and
                 {"table": "ns.name", "created": true} per table it created (empty) or
                 created again because its columns changed; floe loads those and
                 calls again for them, with their new field ids.

  The file's columns carry the Iceberg field ids (Parquet field_id) and the
  table's types, so every engine reads it by id as it reads the files
  Iceberg's own writers make. Every COPY goes to DuckDB as one script.
-#}
{% macro write_data_files(database, tables, result_path, vended_credentials=false) %}
  {%- set namespaces = tables | map(attribute='namespace') | unique | list -%}
  {%- for namespace in namespaces -%}
    {%- do run_query('create schema if not exists "' ~ database ~ '"."' ~ namespace ~ '"') -%}
  {%- endfor -%}
  {%- set local_columns = floe_lake.local_columns(tables) -%}
  {%- set copies = [] -%}
  {%- set written = [] -%}
  {%- set created = [] -%}
  {%- for table in tables -%}
    {%- set columns = local_columns.get(floe_lake.local_key(table), []) -%}
    {%- set unchanged = table['lake_columns'] is not none
                        and (table['lake_columns'] | map('lower') | list) == (columns | map('lower') | list) -%}
    {%- if unchanged and table['lake_fields'] is not none -%}
      {%- set selected = [] -%}
      {%- set ids = [] -%}
      {%- for field in table['lake_fields'] -%}
        {%- do selected.append('cast(' ~ floe_lake.sql_name(field['name']) ~ ' as ' ~ floe_lake.duckdb_type(field['type']) ~ ') as '
                               ~ floe_lake.sql_name(field['name'])) -%}
        {%- do ids.append(floe_lake.sql_text(field['name']) ~ ': ' ~ floe_lake.field_ids(field['id'], field['type'])) -%}
      {%- endfor -%}
      {%- do copies.append('copy (select ' ~ (selected | join(', ')) ~ ' from ' ~ table['relation'] ~ ') to '
                           ~ floe_lake.sql_text(table['file']) ~ ' (format parquet, field_ids {' ~ (ids | join(', ')) ~ '})') -%}
      {%- do written.append(table) -%}
    {%- else -%}
      {#- New, or its columns changed: create the table (empty) now; floe
          loads it and calls again with its field ids. -#}
      {%- do floe_lake.prepare_table(database, table, columns) -%}
      {%- do created.append(table['namespace'] ~ '.' ~ table['name']) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if copies -%}
    {%- if vended_credentials -%}
      {#- The catalog vends the storage's keys: DuckDB's Iceberg extension
          takes those of a table, scoped to its location, when it loads the
          table through the attached catalog, and the COPY into its data
          directory then goes with them (there are no others). -#}
      {%- set loads = [] -%}
      {%- for table in written -%}
        {%- do loads.append('select 1 from ' ~ floe_lake.sql_name(database) ~ '.' ~ floe_lake.sql_name(table['namespace'])
                            ~ '.' ~ floe_lake.sql_name(table['name']) ~ ' limit 0') -%}
      {%- endfor -%}
      {%- do run_query(loads | join(";\n")) -%}
    {%- endif -%}
    {%- do run_query(copies | join(";\n")) -%}
  {%- endif -%}
  {%- set answers = [] -%}
  {#- Each file's rows and size are the catalog plugin's to read (catalog
      ABI 1.9): it reads every footer anyway, for the column statistics. -#}
  {%- for table in written -%}
    {%- do answers.append("select " ~ floe_lake.sql_text(table['namespace'] ~ '.' ~ table['name']) ~ " as \"table\", "
                          ~ floe_lake.sql_text(table['file']) ~ " as file, false as created") -%}
  {%- endfor -%}
  {%- for name in created -%}
    {%- do answers.append("select " ~ floe_lake.sql_text(name) ~ " as \"table\", null::varchar as file, true as created") -%}
  {%- endfor -%}
  {%- if not answers -%}
    {%- do answers.append("select null::varchar as \"table\", null::varchar as file, false as created where false") -%}
  {%- endif -%}
  {%- do run_query("copy (" ~ (answers | join(" union all ")) ~ ") to " ~ floe_lake.sql_text(result_path) ~ " (format json, array true)") -%}
  {%- for table in written -%}
    {{ log("floe_lake: wrote " ~ table['namespace'] ~ "." ~ table['name'] ~ " to " ~ table['file'], info=true) }}
  {%- endfor -%}
{% endmacro %}

{% macro sql_name(name) %}
  {{ return('"' ~ (name | replace('"', '""')) ~ '"') }}
{% endmacro %}

{% macro sql_text(text) %}
  {{ return("'" ~ (text | replace("'", "''")) ~ "'") }}
{% endmacro %}

{#- The DuckDB type of an Iceberg type (the table spec's JSON form). -#}
{% macro duckdb_type(type) %}
  {%- if type is mapping -%}
    {%- if type['type'] == 'struct' -%}
      {%- set parts = [] -%}
      {%- for field in type['fields'] -%}
        {%- do parts.append(floe_lake.sql_name(field['name']) ~ ' ' ~ floe_lake.duckdb_type(field['type'])) -%}
      {%- endfor -%}
      {{ return('STRUCT(' ~ (parts | join(', ')) ~ ')') }}
    {%- elif type['type'] == 'list' -%}
      {{ return(floe_lake.duckdb_type(type['element']) ~ '[]') }}
    {%- elif type['type'] == 'map' -%}
      {{ return('MAP(' ~ floe_lake.duckdb_type(type['key']) ~ ', ' ~ floe_lake.duckdb_type(type['value']) ~ ')') }}
    {%- endif -%}
    {%- do exceptions.raise_compiler_error("floe_lake: the Iceberg type " ~ tojson(type) ~ " has no DuckDB type") -%}
  {%- endif -%}
  {%- set primitive = {'boolean': 'BOOLEAN', 'int': 'INTEGER', 'long': 'BIGINT', 'float': 'FLOAT', 'double': 'DOUBLE',
                       'date': 'DATE', 'time': 'TIME', 'timestamp': 'TIMESTAMP', 'timestamptz': 'TIMESTAMPTZ',
                       'timestamp_ns': 'TIMESTAMP_NS', 'string': 'VARCHAR', 'uuid': 'UUID', 'binary': 'BLOB'} -%}
  {%- if type in primitive -%}{{ return(primitive[type]) }}{%- endif -%}
  {%- if type.startswith('decimal(') -%}{{ return('DECIMAL' ~ type[7:] | replace(' ', '')) }}{%- endif -%}
  {%- if type.startswith('fixed[') -%}{{ return('BLOB') }}{%- endif -%}
  {%- do exceptions.raise_compiler_error("floe_lake: the Iceberg type " ~ type ~ " has no DuckDB type") -%}
{% endmacro %}

{#- A column's entry in COPY's FIELD_IDS: its id, and its children's. -#}
{% macro field_ids(id, type) %}
  {%- if type is not mapping -%}{{ return(id | string) }}{%- endif -%}
  {%- set parts = ['__duckdb_field_id: ' ~ id] -%}
  {%- if type['type'] == 'struct' -%}
    {%- for field in type['fields'] -%}
      {%- do parts.append(floe_lake.sql_text(field['name']) ~ ': ' ~ floe_lake.field_ids(field['id'], field['type'])) -%}
    {%- endfor -%}
  {%- elif type['type'] == 'list' -%}
    {%- do parts.append("'element': " ~ floe_lake.field_ids(type['element-id'], type['element'])) -%}
  {%- elif type['type'] == 'map' -%}
    {%- do parts.append("'key': " ~ floe_lake.field_ids(type['key-id'], type['key'])) -%}
    {%- do parts.append("'value': " ~ floe_lake.field_ids(type['value-id'], type['value'])) -%}
  {%- endif -%}
  {{ return('{' ~ (parts | join(', ')) ~ '}') }}
{% endmacro %}
