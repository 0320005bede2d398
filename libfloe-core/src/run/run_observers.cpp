#include "run/run_observers.hpp"

#include "observe/lineage/lineage_setup.hpp"
#include "observe/telemetry/telemetry_observer.hpp"

namespace floe::run {

// Telemetry (issue 11 item 4) and lineage (item 5) register here, each from
// its own folder. A factory answers nullptr when the platform does not ask
// for its kind of observation.
std::vector<std::unique_ptr<RunObserver>> make_run_observers(const ObserverSetup& setup) {
  std::vector<std::unique_ptr<RunObserver>> observers;
  auto add = [&](std::unique_ptr<RunObserver> observer) {
    if (observer) observers.push_back(std::move(observer));
  };
  add(observe::make_telemetry_observer(setup));
  add(observe::make_lineage_observer(setup));
  return observers;
}

}  // namespace floe::run
