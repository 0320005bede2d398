#include "run/run_observers.hpp"

#include "observe/lineage/lineage_setup.hpp"

namespace floe::run {

// Telemetry (issue 11 item 4) and lineage (item 5) register here, each from
// its own folder, one line each.
std::vector<std::unique_ptr<RunObserver>> make_run_observers(const ObserverSetup& setup) {
  std::vector<std::unique_ptr<RunObserver>> observers;
  if (auto lineage = observe::make_lineage_observer(setup)) observers.push_back(std::move(lineage));
  return observers;
}

}  // namespace floe::run
