"""The 15 plugin categories of floe's ABI v1: the single source of truth.

scripts/gen-abi reads this file and writes the per-category C headers
(libfloe-core/include/floe/<category>.h), the host's method tables
(libfloe-core/src/plugin/category_tables.inc), the author kit's binders
(libfloe-core/include/floe/plugin_methods.hpp) and docs/plugins/<category>.md.
Methods are only ever appended to a category: their order is the ABI.

Each method: (name, required, summary, request shape, response shape).
Shapes are compact JSON-like sketches; docs/plugins/ renders them verbatim.
"""

# Categories with an implementation that ships with floe (plugins/). The
# others are EXPERIMENTAL: their interface may still change in a minor ABI
# release, and their generated header and doc say so, until one ships.
SHIPPED = {"alert_channel", "catalog", "compute", "dbt", "identity", "network_security", "rbac", "secrets", "semantic_layer", "ingestion", "lineage_backend", "orchestrator", "quality", "storage", "telemetry_backend"}

# The shape every service category answers get_k8s_workloads with (since ABI
# 1.3): what `floe platform deploy` renders as Kubernetes objects. The host,
# not the plugin, writes the Deployments, Services, ConfigMaps and security
# contexts from it, so every workload gets the same hardening
# (docs/deploy.md#platform-deploy).
K8S_WORKLOADS_REQUEST = ('{"namespace": str, "platform": {"name": str, "version": str}, "endpoint"?: str (the platform\'s address of this service: observability.traces.endpoint for telemetry, observability.lineage.endpoint for lineage), '
                         '"secrets"?: {KEY: secret_ref}, '
                         '"products"?: [{"name": str, "domain": str, "image": str (the image the product runs in; an orchestrator serves its code from it), "secret_env": {NAME: secret_ref} (what a run of the product reads)}]}')
K8S_WORKLOADS_RESPONSE = ('{"workloads": [{"name": str (a DNS-1123 label), "component": str, "image": str, '
                          '"command"?: [str], "args"?: [str], "replicas"?: int, '
                          '"ports"?: [{"name": str, "port": int, "clients"?: [str (a component of this answer\'s workloads that connects to the port)]}], "env"?: {NAME: str}, '
                          '"secret_env"?: {NAME: secret_ref}, '
                          '"config_files"?: {"mount": str (an absolute path), "files": {str: str}}, '
                          '"writable_paths"?: [str (an absolute path)], '
                          '"persistent"?: {"path": str (an absolute path), "size": str}, '
                          '"health"?: {"path": str, "port": int}, '
                          '"resources"?: {"cpu_request": str, "cpu_limit": str, "memory_request": str, "memory_limit": str}, '
                          '"run_as_user"?: int, '
                          '"egress"?: [{"host": str, "port": int}] (what the workload\'s own config sends to, e.g. a collector\'s backend), '
                          '"uses"?: ["catalog"|"storage"|"telemetry"|"lineage"] (the platform services it connects to at the manifest\'s addresses)}], "notes"?: [str]}')
K8S_WORKLOADS_SUMMARY = ("The Kubernetes workloads this plugin contributes to the platform's services "
                         "(floe platform deploy): images, ports, configuration files, resources and the "
                         "secrets each reads as references; the host renders them, hardened, as "
                         "Deployments or StatefulSets, Services and ConfigMaps. A service that runs "
                         "outside the cluster (an address that is not a cluster-local name) answers no workloads; a workload serving the platform\'s address of the service is named as that address\'s host, so the address resolves in the cluster. Since ABI 1.3.")

CATEGORIES = [
    {
        "id": 1, "name": "compute", "group": "floe.computes", "struct": "floe_compute_v1",
        "purpose": "Where dbt transforms execute: produces dbt profiles and resource presets.",
        "methods": [
            ("generate_dbt_profile", True,
             "The dbt output (one target of profiles.yml) for this compute. With a catalog, the output attaches it and dbt_package is the dbt package (files by relative path) whose materializations commit models to the catalog; the host installs it into the project's dbt_packages/ before a run on that target.",
             '{"profile_name": str, "target": str, "catalog"?: {"type": str, "name": str, "uri": str, "warehouse"?: str, "client_id"?: str, "credentials"?: {KEY: secret_ref}}, "schema"?: str}',
             '{"output": {str: any} (the dbt output mapping; secrets as "{{ env_var(\'NAME\') }}"), "env"?: {NAME: secret_ref}, "dbt_package"?: {"name": str, "files": {str: str}, "commits"?: "one_transaction" | "staged_on_branch" | "per_table" | "data_files" (how its floe_lake.commit_tables commits: one transaction for every table, each table staged on the branch it is given for the host to fast-forward, or one commit per table (the default); data_files since ABI 1.5: its floe_lake.write_data_files(database, tables, result_path, vended_credentials) writes each table as a Parquet file (vended_credentials, a bool since 2026-11-29: the catalog vends the storage keys, so it reads each table through the attached catalog before writing its file) for the host to commit with the catalog plugin commit_data_files, commit_tables being the one-transaction fallback), "reads_inputs"?: bool (true: it has floe_lake.read_inputs(database, inputs), which copies the tables of input ports from the lake into the dbt sources that read them)}}'),
            ("get_required_dbt_packages", True,
             "Python packages dbt needs to use this compute.",
             '{}', '{"packages": [str (a pip requirement)]}'),
            ("validate_connection", True,
             "Checks that the compute can be reached with this configuration.",
             '{"timeout_ms"?: int}',
             '{"status": "healthy"|"degraded"|"unhealthy", "latency_ms": number, "message": str, "warnings": [str]}'),
            ("get_resource_requirements", True,
             "Kubernetes-style resources for a workload size.",
             '{"workload_size": "small"|"medium"|"large"}',
             '{"cpu_request": str, "cpu_limit": str, "memory_request": str, "memory_limit": str, "ephemeral_storage_request": str, "ephemeral_storage_limit": str}'),
            ("get_catalog_attachment_sql", False,
             "SQL that attaches an Iceberg catalog to a session of this compute.",
             '{"catalog": {"type": str, "name": str, "uri": str, "warehouse"?: str, "client_id"?: str, "credentials"?: {KEY: secret_ref}}}',
             '{"statements": [str]}'),
            ("get_dbt_macro_paths", False,
             "Directories of dbt macros this compute ships (e.g. materialization overrides).",
             '{}', '{"paths": [str (an absolute path)]}'),
            ("get_ingestion_destination", False,
             "Where ingestion loads raw tables on this compute: a dlt destination, secret-free; relative paths in the compute config are relative to project_dir. Since ABI 1.2.",
             '{"project_dir": str (an absolute path)}',
             '{"type": str, "database"?: str (an absolute path), "credentials"?: {KEY: secret_ref}}'),
        ],
    },
    {
        "id": 2, "name": "orchestrator", "group": "floe.orchestrators", "struct": "floe_orchestrator_v1",
        "purpose": "Schedules and runs data products (jobs, assets, sensors).",
        "methods": [
            ("create_definitions", True,
             "The product's code location for the orchestrator, from its compiled artifacts (floe compile "
             "--orchestrator-out writes the files under DIR/<location>/).",
             '{"artifacts": CompiledArtifacts, "product_file"?: str (absolute; default: the artifacts\' inheritance chain\'s product source)}',
             '{"files": [{"path": str (relative to the location), "content": str}], "location"?: str (a directory name), "asset_prefix"?: [str]}'),
            ("create_assets_from_transforms", True, "One asset per transform.",
             '{"transforms": [{"name": str, "path": str, "schema_name": str, "materialization": str, "tags": [str], "depends_on": [str]}]}',
             '{"assets": [{"key": str, "depends_on": [str], "metadata": {}}]}'),
            ("get_helm_values", True, "Helm values for deploying the orchestrator.", '{}', '{"values": {}}'),
            ("validate_connection", False,
             "Checks the orchestrator is reachable (optional since ABI 1.7: a plugin that writes the orchestrator's "
             "code, a code location, a DAG or a flow, and talks to no orchestrator service has nothing to reach; the "
             "shipped dagster, airflow and prefect plugins leave it out).", '{"timeout_ms"?: int}',
             '{"status": str, "latency_ms": number, "message": str, "warnings": [str]}'),
            ("get_resource_requirements", True, "Resources for a workload size.",
             '{"workload_size": str}', '{"cpu_request": str, "cpu_limit": str, "memory_request": str, "memory_limit": str}'),
            ("emit_lineage_event", False,
             "Emits an OpenLineage run event through the orchestrator's own lineage integration (optional since "
             "ABI 1.7: floe's own run events go through the lineage_backend plugin, so an orchestrator owes none; "
             "the shipped dagster, airflow and prefect plugins leave it out).",
             '{"event_type": "START"|"COMPLETE"|"FAIL"|"ABORT", "job_name": str, "job_namespace"?: str, "run_id"?: uuid, "inputs"?: [], "outputs"?: [], "run_facets"?: {}, "job_facets"?: {}}',
             '{"run_id": uuid}'),
            ("schedule_job", False,
             "Registers a cron schedule for a job with a running orchestrator (optional since ABI 1.7: where "
             "create_definitions writes the product's schedule into the generated code, as the shipped dagster, "
             "airflow and prefect plugins do, there is nothing to register at run time).",
             '{"job_name": str, "cron": str, "timezone": str}', '{"schedule_id": str}'),
            ("generate_entry_point_code", True, "Source of the orchestrator entry point for a product.",
             '{"product_name": str, "lineage_enabled": bool, "iceberg_enabled": bool}',
             '{"files": [{"path": str, "content": str}]}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
        ],
    },
    {
        "id": 3, "name": "catalog", "group": "floe.catalogs", "struct": "floe_catalog_v1",
        "purpose": "The Iceberg table catalog (namespaces, tables, credential vending, table maintenance). The host passes the selection's secrets (plugins.catalog.secrets) as references in every request, under \"secrets\".",
        "methods": [
            ("connect", True, "Opens (and checks) the catalog connection.", '{}',
             '{"catalog_name": str, "uri": str, "warehouse"?: str, "properties": {}}'),
            ("create_namespace", True, "Creates a namespace.",
             '{"namespace": str, "properties"?: {str: str}}', '{"namespace": str, "properties": {}}'),
            ("list_namespaces", True, "Lists namespaces, optionally under a parent.",
             '{"parent"?: str}', '{"namespaces": [str]}'),
            ("delete_namespace", True, "Deletes an empty namespace.", '{"namespace": str}', '{}'),
            ("create_table", True, "Creates an Iceberg table.",
             '{"identifier": str, "schema": IcebergSchema, "location"?: str, "properties"?: {}}',
             '{"identifier": str, "metadata_location": str}'),
            ("list_tables", True, "Lists the tables of a namespace.", '{"namespace": str}', '{"tables": [str]}'),
            ("load_table", True, "Loads a table's metadata.", '{"identifier": str}',
             '{"identifier": str, "metadata_location": str, "metadata": IcebergTableMetadata}'),
            ("drop_table", True, "Drops a table.", '{"identifier": str, "purge"?: bool}', '{}'),
            ("vend_credentials", False, "Short-lived storage credentials for a table.",
             '{"table": str, "operations": ["READ"|"WRITE"]}',
             '{"credentials": {str: str}, "expires_at"?: rfc3339}'),
            ("get_dbt_catalog_config", True, "The catalog block a compute plugin turns into an attachment (client_id: a plain OAuth2 client id; credentials: secret references and the non-secret oauth2_scope / oauth2_server_uri).",
             '{"secrets"?: {KEY: secret_ref}}', '{"type": str, "name": str, "uri": str, "warehouse"?: str, "client_id"?: str, "credentials"?: {KEY: secret_ref}}'),
            ("get_engine_config", False,
             "How an engine reaches this catalog: pyiceberg catalog properties (load_catalog), Spark SQL catalog properties (spark.sql.catalog.<name>.*), or the DuckDB statements that attach it. Plain values in properties, secret ones as references in secret_properties; storage is the selected storage plugin's get_fileio_config answer, merged in where the engine reads FileIO properties from the catalog's. An engine that cannot reach this kind of catalog is refused with INVALID_STATE naming why.",
             '{"engine": "pyiceberg"|"spark"|"duckdb", "storage"?: {"properties": {str: str}, "secret_properties"?: {str: secret_ref}}, "secrets"?: {KEY: secret_ref}}',
             '{"engine": str, "name"?: str, "properties": {str: str}, "secret_properties"?: {str: secret_ref | {"reference": secret_ref, "prefix": str}}, "statements"?: [str], "packages"?: [str]} | error INVALID_STATE'),
            ("expire_snapshots", False,
             "Expires a table's snapshots: those older than retention_days (0: all but what is kept) that no branch or tag, keep_last or a branch's own retention keeps (a remove-snapshots commit; dry_run only plans). The plan says what goes, what stays and why, and which snapshots a ref keeps past the retention; a ref other than main whose head is older than its own max-ref-age-ms is removed in the same commit (stale_refs), as Iceberg's ExpireSnapshots does. With file_io (since ABI 1.6), after the commit the plugin deletes the files no remaining snapshot references (reachability over the manifests, as Iceberg's ReachableFileCleanup: data and delete files, then manifests, then the expired snapshots' manifest lists), only under the table's location; a manifest it cannot read cancels the deletes (not_planned), a delete that fails is listed (failed) and the rest go on.",
             '{"identifier": str, "retention_days": int, "keep_last"?: int, "dry_run"?: bool, "file_io"?: {"properties": {str: str}, "secret_properties"?: {str: secret_ref}} (since ABI 1.6: the storage\'s get_fileio_config answer; then the files only the expired snapshots referenced are deleted through it, or on a dry run listed)}',
             '{"identifier": str, "plan": {"cutoff_ms": int, "keep_last": int, "remove": [{}], "keep": [{}], "retained_by_ref": [{}], "stale_refs": [{}]}, "committed": bool, "attempts": int, "metadata_location": str, "files"?: {"dry_run": bool, "planned": {"data_files": int, "delete_files": int, "manifests": int, "manifest_lists": int}, "deleted": int, "paths": [str], "failed"?: [{"path": str, "problem": str}], "kept_outside_location"?: [str], "not_planned"?: str} (with file_io)}'),
            ("update_table_properties", False,
             "Sets and removes table properties in one commit (only what differs; a concurrent writer's commit is re-planned).",
             '{"identifier": str, "set"?: {str: str}, "remove"?: [str]}',
             '{"identifier": str, "properties": {str: str}, "metadata_location": str, "attempts": int}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
            ("fast_forward_branches", False,
             "Publishes what a writer staged on a branch: moves each table's target ref (main) to the head of `branch` and removes the branch, all tables in one multi-table commit when the catalog offers POST /v1/{prefix}/transactions/commit (commit \"multi-table\": the catalog checks every table before it changes any), else one commit per table (\"per-table\"). Only a fast-forward: each commit asserts the target is still the snapshot the branch was cut from; another writer's commit on the target is CONFLICT, and no table changed when the commit was multi-table. A table without the branch is NOT_FOUND. Since ABI 1.4.",
             '{"branch": str, "tables": [str], "target"?: str}',
             '{"commit": "multi-table"|"per-table", "tables": [{"identifier": str, "from_snapshot"?: int, "to_snapshot": int}]} | error CONFLICT | error NOT_FOUND'),
            ("commit_data_files", False,
             "Replaces the rows of each table with data files an engine already wrote into the table's data directory (write.data.path, else <location>/data): one snapshot per table (operation \"overwrite\") whose manifests list exactly those files as added and every file of the replaced snapshot as deleted (what snapshot expiry deletes files by; deleted_files counts them, deleted_files_unlisted says why a table's could not be listed), so the old files leave the table's current snapshot; `properties` are set in the same commit. The plugin writes each snapshot's manifest and manifest list through `file_io` (the storage's get_fileio_config answer, secrets as references it resolves) and then commits every table in one multi-table commit when the catalog offers POST /v1/{prefix}/transactions/commit, else one commit per table; a failed write commits nothing. A `file_io` without keys (a storage whose keys the catalog vends, credentials.mode vended_credentials) means each table's files go through the storage credentials the catalog vends with that table, where the plugin's catalog can vend them. Each commit asserts the table's uuid, main, current schema and default spec are what the plugin loaded (or what the host sent as the table's `metadata`, its own earlier load_table answer, which spares a second load): another writer in between is CONFLICT. The plugin reads each data file's Parquet footer through `file_io` (its last bytes only) and writes the file's column statistics into the manifest (column_sizes, value_counts, null_value_counts, lower_bounds, upper_bounds of the top-level primitive columns whose Parquet field ids are the table's, bounds in Iceberg's single-value serialization, strings and binaries cut to 16 characters), so that readers skip a file by its bounds. A data file outside the table's data directory is INVALID_ARGUMENT, and so is a file that is not Parquet or whose rows or size are not the request's record_count and file_size_in_bytes (when it gives them: since ABI 1.9 a host may leave them out, and the plugin takes the footer's row count and the size the store reports), and an empty `tables` (a host may ask so to learn whether the method is implemented); a table the plugin cannot replace files of (not format version 2, partitioned) or a storage it cannot write is INVALID_STATE. Since ABI 1.5.",
             '{"tables": [{"identifier": str, "schema_id": int, "files": [{"path": str, "record_count"?: int, "file_size_in_bytes"?: int (both optional since ABI 1.9: then the footer\'s row count and the stored size)}], "properties"?: {str: str}, "metadata"?: IcebergTableMetadata (since ABI 1.6: the table as the host\'s load_table answered it, planned against instead of loading the table again)}], "file_io": {"properties": {str: str}, "secret_properties"?: {str: secret_ref}}, "tag"?: str (part of the written files\' names)}',
             '{"commit": "multi-table"|"per-table", "tables": [{"identifier": str, "snapshot_id": int, "replaced_snapshot"?: int, "deleted_files"?: int, "deleted_files_unlisted"?: str, "metadata_location"?: str}]} | error CONFLICT | error INVALID_STATE | error UNAVAILABLE'),
            ("load_tables", False,
             "Loads several tables' metadata in one call, which the plugin may serve concurrently: for each identifier, in the request's order, load_table's answer with found: true, or found: false for a table the catalog does not have. Any other failure fails the call with the first table's error (in the request's order). At most 1,000 identifiers. Since ABI 1.8.",
             '{"identifiers": [str]}',
             '{"tables": [{"identifier": str, "found": bool, "metadata_location"?: str, "metadata"?: IcebergTableMetadata}]}'),
        ],
    },
    {
        "id": 4, "name": "storage", "group": "floe.storage", "struct": "floe_storage_v1",
        "purpose": "Object storage (S3, GCS, Azure, local files) behind the lakehouse.",
        "methods": [
            ("get_deployment_binding", True,
             "A neutral, secret-free description of the storage: root is the URI everything lives under; credentials are the selection's secret references the storage uses (none for a workload identity). The host passes the selection's secrets (plugins.storage.secrets) as references in every request that takes them.",
             '{"secrets"?: {KEY: secret_ref}}',
             '{"kind": "s3"|"gcs"|"azure"|"local", "endpoint"?: str, "bucket"?: str, "region"?: str, "root": str, "credentials"?: {KEY: secret_ref}, "identity"?: str}'),
            ("get_fileio_config", True,
             "Iceberg FileIO properties (PyIceberg / Java S3FileIO / iceberg-rust keys such as s3.endpoint, gcs.project-id, adls.account-name): plain values in properties, each secret one as its reference in secret_properties (the reader resolves it).",
             '{"secrets"?: {KEY: secret_ref}}', '{"properties": {str: str}, "secret_properties"?: {str: secret_ref}}'),
            ("get_warehouse_uri", True, "Warehouse location for a namespace.",
             '{"namespace": str}', '{"uri": str}'),
            ("get_dbt_profile_config", True,
             "Keys a compute merges into its dbt output: DuckDB settings (httpfs), secrets entries and the extensions they need; secrets as \"{{ env_var('NAME') }}\" placeholders, never values.",
             '{"secrets"?: {KEY: secret_ref}}', '{"settings": {}, "secrets"?: [{}], "extensions"?: [str]}'),
            ("get_helm_values_override", False, "Helm values for deploying with this storage (the SDKs' environment, service-account annotations of a workload identity; secrets as the selection's references, for the deployment to inject).",
             '{"secrets"?: {KEY: secret_ref}}', '{"values": {}}'),
            ("get_catalog_config", False, "Storage properties an Iceberg REST catalog server needs for its own FileIO (plain in properties, secret ones as references in secret_properties).",
             '{"secrets"?: {KEY: secret_ref}}', '{"properties": {str: str}, "secret_properties"?: {str: secret_ref}}'),
            ("validate_connection", False,
             "Checks the storage answers with these credentials (S3: a signed ListObjectsV2 of at most one key on the bucket); the message names the bucket and endpoint, never a secret.",
             '{"timeout_ms"?: int, "secrets"?: {KEY: secret_ref}}',
             '{"status": "healthy"|"degraded"|"unhealthy", "latency_ms": number, "message": str, "warnings": [str]}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
        ],
    },
    {
        "id": 5, "name": "telemetry_backend", "group": "floe.telemetry_backends", "struct": "floe_telemetry_backend_v1",
        "purpose": "Where OTLP traces, metrics and logs go.",
        "methods": [
            ("get_otlp_exporter_config", True,
             "Where and how the host exports a run's OTLP traces and metrics. endpoint and protocol are the platform's observability.traces (the plugin's own config may override them); secrets are the selection's secret references, which the plugin places in secret_headers and the host resolves only when it exports. floe run exports http/json.",
             '{"endpoint"?: str, "protocol"?: "http"|"http/json"|"http/protobuf"|"grpc", "secrets"?: {KEY: secret_ref}}',
             '{"endpoint": str, "protocol": "http/json"|"http/protobuf"|"grpc", "insecure": bool, "headers": {str: str}, "secret_headers": {str: {"secret": secret_ref, "prefix"?: str}}, "timeout_ms"?: int}'),
            ("get_helm_values", True,
             "Helm values that deploy the backend (or the collector that forwards to it), secrets as references; the request is get_otlp_exporter_config's.",
             '{"endpoint"?: str, "protocol"?: str, "secrets"?: {KEY: secret_ref}}',
             '{"chart": {"repository": str, "name": str}, "values": {}}'),
            ("validate_connection", True,
             "Checks the backend accepts an export (an empty OTLP/JSON request to its traces URL, with its headers).",
             '{"timeout_ms"?: int, "endpoint"?: str, "protocol"?: str, "secrets"?: {KEY: secret_ref}}',
             '{"status": "healthy"|"degraded"|"unhealthy", "latency_ms": number, "message": str, "warnings": [str]}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
        ],
    },
    {
        "id": 6, "name": "lineage_backend", "group": "floe.lineage_backends", "struct": "floe_lineage_backend_v1",
        "purpose": "Where OpenLineage events go.",
        "methods": [
            ("get_transport_config", True,
             "Where and how the host delivers OpenLineage events: an HTTP endpoint (url is the full POST URL) or a file of JSON lines. The host resolves api_key; endpoint is the platform's observability.lineage.endpoint and secrets the selection's secret references.",
             '{"project_dir": str (an absolute path), "endpoint"?: str, "secrets"?: {KEY: secret_ref}}',
             '{"type": "http"|"file", "url"?: str, "path"?: str (an absolute path), "timeout_s"?: number, "drain_timeout_s"?: number, "api_key"?: secret_ref}'),
            ("get_namespace_mapping", True,
             "The job namespace of a product's runs and the names of its jobs (run: the product run; model_prefix, ingestion_prefix: prefixes of node and source jobs; quality: the data-test job).",
             '{"product": str, "mode": "2-tier"|"3-tier", "domain"?: str, "namespace"?: str}',
             '{"namespace": str, "mapping": {"run": str, "model_prefix": str, "ingestion_prefix": str, "quality": str}}'),
            ("get_helm_values", True, "Helm values for the backend: the OpenLineage client settings workloads get, secrets as references.", '{}', '{"values": {}}'),
            ("validate_connection", True, "Checks the backend is reachable (the HTTP server accepts a connection; the file's directory is writable).", '{"timeout_ms"?: int}',
             '{"status": "healthy"|"degraded"|"unhealthy", "latency_ms": number, "message": str, "warnings": [str]}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
        ],
    },
    {
        "id": 7, "name": "dbt", "group": "floe.dbt", "struct": "floe_dbt_v1",
        "purpose": "The dbt runtime (dbt-core CLI, fusion, ...).",
        "methods": [
            ("compile_project", True, "Compiles a dbt project (its manifest.json); progress as run_models.",
             '{"project_dir": str, "profiles_dir": str, "target": str, "select"?: [str], "exclude"?: [str], "env"?: {NAME: str}}',
             '{"success": bool, "manifest_path": str, "execution_time_seconds": number}'),
            ("run_models", True,
             "Runs dbt (command run, build, seed or snapshot) and streams each node's start and result as events "
             "(emit_event: {\"type\": \"node_started\"|\"node_finished\", ...}); polls cancel_requested.",
             '{"project_dir": str, "profiles_dir": str, "target": str, "command"?: "run"|"build"|"seed"|"snapshot", "resource_types"?: [str], "select"?: [str], "exclude"?: [str], "full_refresh"?: bool, "fail_fast"?: bool, "threads"?: int, "vars"?: {}, "env"?: {NAME: str}, "state"?: str (the directory holding the manifest.json of an earlier run, for state: selectors: dbt --state)}',
             '{"success": bool, "manifest_path": str, "run_results_path": str, "execution_time_seconds": number, "models_run": int, "tests_run": int, "failures": int, "nodes": [{"unique_id": str, "resource_type": str, "status": str, "execution_time": number, "message": str, "rows_affected"?: int}]}'),
            ("test_models", True, "Runs dbt tests; events and response as run_models.",
             '{"project_dir": str, "profiles_dir": str, "target": str, "select"?: [str], "exclude"?: [str], "fail_fast"?: bool, "vars"?: {}, "env"?: {NAME: str}, "state"?: str (as run_models)}',
             '{"success": bool, "run_results_path": str, "execution_time_seconds": number, "tests_run": int, "failures": int, "nodes": [{"unique_id": str, "resource_type": str, "status": str, "execution_time": number, "message": str}]}'),
            ("lint_project", False, "SQL lint findings.",
             '{"project_dir": str, "fix"?: bool}',
             '{"violations": [{"file_path": str, "line": int, "column": int, "code": str, "message": str, "severity": str}]}'),
            ("get_manifest", True, "Path of the project\'s manifest.json.", '{"project_dir": str}', '{"manifest_path": str}'),
            ("get_run_results", True, "Path of the last run_results.json.", '{"project_dir": str}', '{"run_results_path": str}'),
            ("get_runtime_metadata", True, "dbt and adapter versions, and the dbt executable used.", '{}',
             '{"dbt_version": str, "adapters": {str: str}, "executable": str}'),
            # Appended (the struct grows at its end: plugins built before it keep working).
            ("run_operation", False,
             "Runs a macro (dbt run-operation MACRO --args ARGS) with the profile floe generated: floe's own operations, e.g. committing a product's tables to its catalog (docs/iceberg.md#products-write-iceberg). A failing macro is success false with error (dbt's message); a runtime that cannot run operations answers INVALID_STATE.",
             '{"project_dir": str, "profiles_dir": str, "target": str, "macro": str ([package.]name), "args"?: {}, "env"?: {NAME: str}}',
             '{"success": bool, "exit_code": int, "dbt_version": str, "execution_time_seconds": number, "error"?: str}'),
            ("show", False,
             "Runs one query (dbt show --inline SQL --output json) with the profile floe generated and returns its rows: floe's own checks of the tables a product built, e.g. its data contracts' freshness, volume and quality rules (docs/contracts.md#checks-at-run-time). The SQL may use ref() and dbt's cross-database macros. A failing query is success false with error (dbt's message); a runtime that cannot run queries answers INVALID_STATE.",
             '{"project_dir": str, "profiles_dir": str, "target": str, "inline": str, "limit"?: int (1..10000, default 1000), "env"?: {NAME: str}}',
             '{"success": bool, "exit_code": int, "dbt_version": str, "execution_time_seconds": number, "rows"?: [{}], "error"?: str}'),
        ],
    },
    {
        "id": 8, "name": "semantic_layer", "group": "floe.semantic_layers", "struct": "floe_semantic_layer_v1",
        "purpose": "The business semantic/BI API (e.g. Cube).",
        "methods": [
            ("sync_from_dbt_manifest", True, "Writes the layer's definitions of the product's models from a dbt manifest (floe run calls it after dbt built them, output_dir target/semantic/ beside floe.yaml); notes say what was left out and why.",
             '{"manifest_path": str (an absolute path), "output_dir": str (an absolute path)}', '{"files": [str], "notes"?: [str]}'),
            ("get_security_context", True, "Row-level security context for a namespace and roles.",
             '{"namespace": str, "roles": [str]}', '{"context": {}}'),
            ("get_datasource_config", True, "Datasource settings for a compute.",
             '{"compute": {"type": str, "output": {}}}', '{"datasource": {}}'),
            ("get_api_endpoints", True, "The API endpoints it serves.", '{}', '{"endpoints": {str: str}}'),
            ("get_helm_values_override", False, "Helm values.", '{}', '{"values": {}}'),
            ("get_k8s_workloads", False, K8S_WORKLOADS_SUMMARY, K8S_WORKLOADS_REQUEST, K8S_WORKLOADS_RESPONSE),
        ],
    },
    {
        "id": 9, "name": "ingestion", "group": "floe.ingestion", "struct": "floe_ingestion_v1",
        "purpose": "Loads source files into raw tables on the platform's compute (dlt, Airbyte, ...).",
        "methods": [
            ("create_pipeline", True,
             "Validates a source and prepares a pipeline; the pipeline_id lives as long as the instance.",
             '{"name": str, "source_type": "filesystem", "source_config": {"format": "csv"|"jsonl"|"parquet", "path": str (an absolute path or glob), "columns"?: [{"name": str, "type": str, "nullable"?: bool}], "on_violation"?: "fail"|"quarantine"|"warn"}, "destination_table": str, "write_mode": "append"|"replace"|"merge", "merge_keys"?: [str], "schema_contract"?: "evolve"|"freeze"|"discard_value"|"discard_row"}',
             '{"pipeline_id": str}'),
            ("run", True,
             "Runs a pipeline into a destination (from the compute's get_ingestion_destination). Data problems are success false with errors, not a failed call.",
             '{"pipeline_id": str, "options": {"destination": {"type": str, "database"?: str (an absolute path), "credentials"?: {KEY: secret_ref}}, "dataset"?: str, "env"?: {NAME: str}, "project_dir"?: str (an absolute path), "timeout_seconds"?: int}}',
             '{"success": bool, "rows_loaded": int, "bytes_written": int, "duration_seconds": number, "tables": [{"name": str, "rows": int}], "files": [{"path": str, "rows": int}], "errors": [{"code": str, "message": str, "file"?: str, "line"?: int, "column"?: str}], "warnings": [{"code": str, "message": str, "file"?: str, "line"?: int, "column"?: str}]}'),
            ("get_destination_config", False, "Destination settings for loading into tables of an Iceberg catalog.",
             '{"catalog": {"type": str, "name": str, "uri": str}}', '{"destination": {}}'),
        ],
    },
    {
        "id": 10, "name": "quality", "group": "floe.quality", "struct": "floe_quality_v1",
        "purpose": "Data quality checks and quality scores.",
        "methods": [
            ("run_checks", True,
             "Runs (or, for an engine whose checks already ran, judges) a suite against a data source, with the "
             "platform's severity mapping: the data source is a run_results.json of dbt test; an engine that checks "
             "the data itself reads the product's tables through options.connection (the compute's "
             "get_ingestion_destination answer) and the contracts of options.output_ports (compiled artifacts' "
             "ports.output).",
             '{"suite_name": str, "data_source": str, "options"?: {"manifest_path"?: str, "project_dir"?: str, "connection"?: {"type": str, "database"?: str}, "output_ports"?: [{"name": str, "table": str, "contract"?: {"columns": [{"name": str, "type"?: str, "required"?: bool}]}}]}}',
             '{"suite_name": str, "passed": bool, "checks": [{"name": str, "passed": bool, "severity": "error"|"warn"|"info", "message": str, "model"?: str, "check_type"?: str}]}'),
            ("run_suite", False, "Runs an inline suite.",
             '{"suite": {"name": str, "checks": []}, "connection": {}}', '{"suite_name": str, "passed": bool, "checks": []}'),
            ("validate_expectations", False, "Checks expectations against a data source.",
             '{"data_source": str, "expectations": []}', '{"results": []}'),
            ("list_suites", True, "Suites this plugin knows.", '{}', '{"suites": [str]}'),
            ("supports_dialect", True, "Whether a SQL dialect is supported.", '{"dialect": str}', '{"supported": bool}'),
            ("validate_quality_gates", False, "Checks models against quality gates.",
             '{"models": [], "gates": {}}', '{"passed": bool, "violations": []}'),
            ("calculate_quality_score", False,
             "A 0-100 score from check results (run_checks' checks), with the plugin's warn and block thresholds.",
             '{"results": [{"passed": bool, "severity": str}], "config"?: {"warn_score"?: number, "block_score"?: number}}',
             '{"score": number, "warning": bool, "blocked": bool}'),
        ],
    },
    {
        "id": 11, "name": "rbac", "group": "floe.rbac", "struct": "floe_rbac_v1",
        "purpose": "Namespace and service-account isolation.",
        "methods": [
            ("generate_service_account", True, "A service account manifest.", '{"name": str, "namespace": str}', '{"manifest": {}}'),
            ("generate_role", True, "A role manifest.", '{"name": str, "namespace": str, "rules": []}', '{"manifest": {}}'),
            ("generate_role_binding", True, "A role binding manifest.",
             '{"name": str, "namespace": str, "role": str, "subjects": []}', '{"manifest": {}}'),
            ("generate_namespace", True, "A namespace manifest.", '{"name": str, "labels"?: {}}', '{"manifest": {}}'),
            ("generate_pod_security_context", False, "A pod security context.", '{}', '{"security_context": {}}'),
        ],
    },
    {
        "id": 12, "name": "alert_channel", "group": "floe.alert_channels", "struct": "floe_alert_channel_v1",
        "purpose": "Delivers contract-violation and quality alerts.",
        "methods": [
            ("send_alert", True, "Delivers one alert: a data test, quality gate or data contract check that failed in a run (docs/run.md#alerts). The plugin retries transient failures itself (bounded) and answers delivered false with why when it gave up; the host never fails a run for it. secrets are the selection's references (a webhook key, a Slack URL, an SMTP password), resolved with the host's get_secret; values never go into the answer.",
             '{"severity": "info"|"warning"|"critical", "title": str, "message": str, "product": str, "contract"?: str, "details"?: {}, "secrets"?: {KEY: secret_ref}}',
             '{"delivered": bool, "message": str, "attempts"?: int}'),
            ("validate_config", True, "Problems with this channel\'s configuration.", '{}', '{"problems": [str]}'),
        ],
    },
    {
        "id": 13, "name": "secrets", "group": "floe.secrets", "struct": "floe_secrets_v1",
        "purpose": "Credential storage and lookup.",
        "methods": [
            ("get_secret", True, "One secret value (the buffer is wiped on release).",
             '{"key": str}', '{"value": str} | error NOT_FOUND'),
            ("set_secret", False, "Stores a secret.", '{"key": str, "value": str, "metadata"?: {}}', '{}'),
            ("list_secrets", True, "Secret keys (never values).", '{"prefix"?: str}', '{"keys": [str]}'),
            ("generate_pod_env_spec", False, "Kubernetes env entries that read a secret.",
             '{"secret_name": str}', '{"env": []}'),
            ("get_multi_key_secret", False, "All keys of a multi-key secret.", '{"name": str}', '{"values": {str: str}}'),
            ("generate_secret_manifests", False,
             "Kubernetes objects that make the platform's secret references readable by workloads as one Kubernetes Secret (floe platform deploy): an ExternalSecret and its store for External Secrets, none for Secrets created out of band (notes say how to create them). Never a value. keys maps each environment variable a workload reads to its reference; the Secret must hold a key of that name. Since ABI 1.3.",
             '{"namespace": str, "secret_name": str (a DNS-1123 name), "keys": {NAME: secret_ref}}',
             '{"manifests": [{}], "notes"?: [str]}'),
        ],
    },
    {
        "id": 14, "name": "identity", "group": "floe.identity", "struct": "floe_identity_v1",
        "purpose": "User authentication (OIDC).",
        "methods": [
            ("authenticate", True, "Exchanges credentials for a token.",
             '{"credentials": {}}', '{"token": str} | error UNAUTHORIZED'),
            ("get_user_info", True, "Claims of a token\'s user.", '{"token": str}',
             '{"subject": str, "email"?: str, "name"?: str, "groups": [str]}'),
            ("validate_token", True, "Validates a token.", '{"token": str}',
             '{"valid": bool, "subject"?: str, "expires_at"?: rfc3339, "error"?: str}'),
            ("get_oidc_config", False, "OIDC discovery settings.", '{"realm"?: str}',
             '{"issuer": str, "authorization_endpoint": str, "token_endpoint": str, "jwks_uri": str}'),
        ],
    },
    {
        "id": 15, "name": "network_security", "group": "floe.network_security", "struct": "floe_network_security_v1",
        "purpose": "Network isolation and pod security policy.",
        "methods": [
            ("generate_network_policy", True, "A network policy manifest: on the pods pod_selector selects (a Kubernetes label selector; every pod of the namespace without one), allowing exactly the ingress and egress rules given.", '{"name": str, "namespace": str, "pod_selector"?: {}, "ingress"?: [], "egress"?: []}', '{"manifest": {}}'),
            ("generate_default_deny_policies", True, "Default-deny policies for a namespace.", '{"namespace": str}', '{"manifests": []}'),
            ("generate_dns_egress_rule", True, "An egress rule allowing DNS.", '{}', '{"rule": {}}'),
            ("generate_pod_security_context", True, "A pod security context.", '{}', '{"security_context": {}}'),
            ("generate_container_security_context", True, "A container security context.", '{}', '{"security_context": {}}'),
            ("generate_writable_volumes", False, "Volumes and mounts for writable paths.",
             '{"paths": [str]}', '{"volumes": [], "mounts": []}'),
        ],
    },
]
