"""floe: the data-platform SDK from Python.

    import floe
    result = floe.compile("examples/customer-360/floe.yaml")
    result.ok, result.diagnostics, result.artifacts

Everything runs in libfloe-core (bundled in the package) through its C API;
the GIL is released during each call. See docs/python.md.
"""
from __future__ import annotations

import atexit

from . import _native
from ._abi import check_abi

check_abi(_native.abi_version(), _native.built_abi_version(), _native.library_path())
# Threads still inside floe at exit wait for the process to end instead of
# being unwound by the finalizing interpreter (src/native/gil.hpp).
atexit.register(_native.prepare_exit)

from . import artifact, platform, plugins, tables  # noqa: E402
from ._authoring import PythonPlugin  # noqa: E402
from ._categories import (  # noqa: E402
    AlertChannelPlugin,
    CatalogPlugin,
    ComputePlugin,
    DbtPlugin,
    IdentityPlugin,
    IngestionPlugin,
    LineageBackendPlugin,
    NetworkSecurityPlugin,
    OrchestratorPlugin,
    QualityPlugin,
    RbacPlugin,
    SecretsPlugin,
    SemanticLayerPlugin,
    StoragePlugin,
    TelemetryBackendPlugin,
)
from ._diagnostics import Diagnostic  # noqa: E402
from ._errors import (  # noqa: E402
    Busy,
    FloeError,
    FloeIOError,
    InternalError,
    Interrupted,
    InvalidInput,
    PluginError,
    PolicyViolation,
    RegistryError,
    RunFailed,
    TestsFailed,
    TimedOut,
    UsageError,
    VerificationError,
)
from ._operations import compile, explain, init, migrate, run, schema, test, validate, watch  # noqa: E402
from ._results import (  # noqa: E402
    ChainLink,
    CompiledArtifacts,
    CompileResult,
    ExplainResult,
    OperationResult,
    PlatformTestResult,
    ResolvedValue,
    RunResult,
)

__version__: str = _native.version()
ABI_VERSION: int = _native.abi_version()

__all__ = [
    "compile", "validate", "watch", "explain", "init", "migrate", "run", "test", "schema", "platform", "plugins", "artifact", "tables",
    "Diagnostic", "OperationResult", "CompileResult", "ExplainResult", "PlatformTestResult", "RunResult",
    "CompiledArtifacts", "ResolvedValue", "ChainLink",
    "FloeError", "InternalError", "UsageError", "InvalidInput", "PolicyViolation", "PluginError", "RegistryError",
    "VerificationError", "FloeIOError", "RunFailed", "TestsFailed", "Busy", "TimedOut", "Interrupted",
    "__version__", "ABI_VERSION",
    "PythonPlugin", "ComputePlugin", "OrchestratorPlugin", "CatalogPlugin", "StoragePlugin", "TelemetryBackendPlugin",
    "LineageBackendPlugin", "DbtPlugin", "SemanticLayerPlugin", "IngestionPlugin", "QualityPlugin", "RbacPlugin",
    "AlertChannelPlugin", "SecretsPlugin", "IdentityPlugin", "NetworkSecurityPlugin",
]
