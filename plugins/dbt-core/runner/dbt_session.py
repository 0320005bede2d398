"""One dbt-core process for all of a run's dbt invocations.

The dbt-core plugin starts this once per run with the interpreter of the
dbt it found, and sends one request per line on standard input:

    {"token": "...", "args": ["build", "--project-dir", ...],
     "cwd": "/path/to/project", "env": {"NAME": "value", ...}}

Each request is run with dbt's own Python entry point (dbtRunner), which
takes the same arguments as the `dbt` command. Its log lines on standard
output have the shape of `--log-format json` ({"info": {...}, "data":
{...}}, one per event dbt logs at info level or above), but the session
writes them itself from dbt's event callback, with the fields the plugin
reads: dbt's own JSON formatting of every event (protobuf to JSON) made a
300-model build 14 % slower than text logging. dbt's log file is written as
by the dbt command. When it has finished, the session writes

    {"floe_dbt_session": "<token>", "exit_code": N}

on a line of its own (N as the dbt command's: 0 success, 1 failures, 2 an
error), and waits for the next request. A request it cannot serve (another
target after dbt-spark started Spark in this process) gets
{"floe_dbt_session": "<token>", "restart": true} instead, and the session
ends: the plugin sends the request to a new one. End of input ends the session;
SIGINT during a request stops dbt as it stops the dbt command, and the
session with it (exit status 130).

What the session saves is dbt's start: importing dbt and its adapter takes
1.5-3 s, and a run asks dbt several times (build, the contract checks, the
lake's operations). Every request still loads the project as the command
would (dbt's partial parse), so files changed between two requests are seen.
"""

import json
import os
import sys
import threading


def release_databases():
    """Closes what an adapter keeps open between invocations.

    dbt-duckdb keeps its database open in a class attribute until the process
    exits, and DuckDB locks the file meanwhile. Between two requests another
    process may need it (ingestion, a semantic layer, a reader of the result).
    """
    module = sys.modules.get("dbt.adapters.duckdb.connections")
    manager = getattr(module, "DuckDBConnectionManager", None)
    if manager is None:
        return
    with manager._LOCK:
        environment = manager._ENV
        manager._ENV = None
        if environment is not None:
            environment.close()


def started_spark():
    """True once dbt-spark's `session` method started a Spark JVM here.

    That JVM and its SparkSession outlive the invocation (dbt-spark asks
    SparkSession.builder.getOrCreate() for every statement), and settings read
    at its start (spark.jars.packages, a catalog's class) cannot change after.
    """
    module = sys.modules.get("pyspark")
    context = getattr(module, "SparkContext", None)
    return context is not None and getattr(context, "_gateway", None) is not None


def option(args, name):
    """The value following `name` in a dbt command line, or None."""
    for i, arg in enumerate(args[:-1]):
        if arg == name:
            return args[i + 1]
    return None


def engine_key(request):
    """What a Spark session started in-process was configured from: the profile and target."""
    args = list(request["args"])
    return (request.get("cwd"), option(args, "--profiles-dir"), option(args, "--target"))


class LogLines:
    """dbt's events as the JSON log lines the plugin reads (dbt_log_events.cpp).

    An event about a node carries its node_info and execution_time; any other
    event all of its data (MainReportVersion's version, ShowNode's preview,
    ...), converted the way dbt's JSON log converts it. Events below info
    level are left out, as `dbt --log-level info` leaves them out.
    """

    def __init__(self, stream):
        self.stream = stream
        self.lock = threading.Lock()  # dbt fires events from its worker threads
        from google.protobuf.json_format import MessageToDict
        self.to_dict = MessageToDict

    def __call__(self, message):
        # dbt calls this inside its own event machinery: nothing may escape it.
        try:
            self.write(message)
        except Exception as error:
            with self.lock:
                print(f"dbt session: an event was not logged: {type(error).__name__}: {error}",
                      file=sys.stderr, flush=True)

    def write(self, message):
        info = message.info
        if info.level not in ("info", "warn", "error"):
            return
        data = message.data
        node = getattr(data, "node_info", None)
        if node is not None and node.unique_id:
            fields = {"node_info": {
                "unique_id": node.unique_id,
                "node_name": node.node_name,
                "resource_type": node.resource_type,
                "materialized": node.materialized,
                "node_status": node.node_status,
                "node_started_at": node.node_started_at,
                "node_finished_at": node.node_finished_at,
                "node_relation": {"relation_name": node.node_relation.relation_name},
            }}
            if hasattr(data, "execution_time"):
                fields["execution_time"] = data.execution_time
        else:
            fields = self.to_dict(data, preserving_proto_field_name=True)
        line = json.dumps({"info": {"name": info.name, "level": info.level, "msg": info.msg,
                                    "invocation_id": info.invocation_id},
                           "data": fields})
        with self.lock:
            self.stream.write(line + "\n")


def without_log_format(args, environment):
    """The command line with its --log-format dropped and dbt's own stdout log off:
    the session's LogLines write the log instead.

    dbt takes an explicit --log-level for its log file too (logs/dbt.log)
    unless the file's level is set: it is set to dbt's default, debug, so the
    file is written as the dbt command writes it (or as DBT_LOG_LEVEL_FILE says).
    """
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--log-format":
            skip = True
        elif not arg.startswith("--log-format="):
            out.append(arg)
    out += ["--log-level", "none"]
    if "DBT_LOG_LEVEL_FILE" not in environment and "--log-level-file" not in out:
        out += ["--log-level-file", "debug"]
    return out


def exit_code(result):
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


def serve(runner_class):
    base_directory = os.getcwd()
    log_lines = LogLines(sys.stdout)
    spark_key = None  # the profile and target the in-process Spark was started for
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        key = engine_key(request)
        if spark_key is not None and key != spark_key:
            # Another target (the lake's) needs a Spark started with its own
            # settings: this process cannot give it one. The plugin starts a
            # new session and sends the request there.
            print(json.dumps({"floe_dbt_session": request.get("token", ""), "restart": True}), flush=True)
            return
        os.chdir(request.get("cwd") or base_directory)
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        try:
            args = without_log_format(list(request["args"]), os.environ)
            result = runner_class(callbacks=[log_lines]).invoke(args)
        except Exception as error:  # dbt reports its own; this is what escaped it
            print(f"dbt session: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            code = 2
        else:
            # Stopped (SIGINT): dbt cancelled its queries; the session ends
            # with it, as the dbt command would.
            if isinstance(result.exception, KeyboardInterrupt):
                sys.exit(130)
            code = exit_code(result)
        try:
            release_databases()
        except Exception as error:  # a database that will not close is dbt-duckdb's to report
            print(f"dbt session: cannot close the database: {error}", file=sys.stderr, flush=True)
        if spark_key is None and started_spark():
            spark_key = key
        sys.stdout.flush()
        print(json.dumps({"floe_dbt_session": request.get("token", ""), "exit_code": code}), flush=True)


def main():
    # Imported here, not at the top: a dbt too old for dbtRunner (before 1.5)
    # makes the session exit at once, and the plugin runs the dbt command instead.
    from dbt.cli.main import dbtRunner

    serve(dbtRunner)
    # End of input: every answer is written and every database closed
    # (release_databases). Skipping the interpreter's own teardown of dbt's
    # modules saves the run about 0.4 s.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
