// The observers of a run (observe/run_observer.hpp): telemetry and lineage,
// as the compiled artifacts ask for them.
#pragma once

#include <memory>
#include <vector>

#include "observe/run_observer.hpp"

namespace floe::run {

using observe::ObserverSetup;
using observe::RunObserver;

// The observers the compiled artifacts ask for, in the order they see events.
std::vector<std::unique_ptr<RunObserver>> make_run_observers(const ObserverSetup& setup);

}  // namespace floe::run
