// The lineage observer a run gets: set up from the lineage backend plugin the
// platform selects (plugins.lineage_backend), which says where events go
// (get_transport_config) and how the product's jobs are named
// (get_namespace_mapping). None when the platform selects no backend or
// OPENLINEAGE_DISABLED is true; none, with a warning (X121), when the backend
// cannot be set up: lineage never stops a run.
#pragma once

#include <memory>

#include "observe/run_observer.hpp"

namespace floe::observe {

std::unique_ptr<RunObserver> make_lineage_observer(const ObserverSetup& setup);

}  // namespace floe::observe
