#include "compile/validate_watch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "base/file_watcher.hpp"
#include "base/text_hash.hpp"
#include "compile/transform_projects.hpp"
#include "dbt/project_session.hpp"
#include "enforce/incremental_enforcement.hpp"

namespace floe {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Two diagnostics are the same report when these are.
std::string key_of(const Diagnostic& d) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}:{}:{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", static_cast<int>(d.severity), d.code,
                     d.subject, d.where.file, d.where.line, d.where.column, d.message, d.expected, d.actual, d.hint,
                     d.category);
}

// The diagnostics as the user last saw them, as a multiset.
class Shown {
 public:
  // `all` replaces what was shown; what differs goes to the round.
  void replace(const std::vector<Diagnostic>& all, WatchRound& round) {
    // Each key made once (a first round has thousands of diagnostics).
    std::vector<std::string> keys;
    keys.reserve(all.size());
    std::unordered_map<std::string_view, std::vector<const Diagnostic*>> next;
    next.reserve(all.size());
    for (const Diagnostic& d : all) {
      keys.push_back(key_of(d));
      next[keys.back()].push_back(&d);
    }
    for (const auto& [key, list] : next) {
      const std::size_t had = count(key);
      for (std::size_t i = had; i < list.size(); ++i) round.appeared.push_back(*list[i]);
    }
    for (const auto& [key, list] : by_key_) {
      auto now = next.find(key);
      const std::size_t has = now == next.end() ? 0 : now->second.size();
      for (std::size_t i = has; i < list.size(); ++i) round.resolved.push_back(list[i]);
    }
    by_key_.clear();
    errors_ = warnings_ = 0;
    for (std::size_t i = 0; i < all.size(); ++i) add(all[i], std::move(keys[i]));
  }
  // The counts after `appeared` and `resolved` would be applied.
  std::pair<std::size_t, std::size_t> counts_after(const WatchRound& round) const {
    std::size_t errors = errors_, warnings = warnings_;
    for (const Diagnostic& d : round.appeared) {
      errors += d.severity == Severity::error;
      warnings += d.severity == Severity::warning;
    }
    for (const Diagnostic& d : round.resolved) {
      errors -= d.severity == Severity::error;
      warnings -= d.severity == Severity::warning;
    }
    return {errors, warnings};
  }
  void apply(const WatchRound& round) {
    for (const Diagnostic& d : round.resolved) {
      auto it = by_key_.find(key_of(d));
      if (it == by_key_.end() || it->second.empty()) continue;
      it->second.pop_back();
      if (it->second.empty()) by_key_.erase(it);
      errors_ -= d.severity == Severity::error;
      warnings_ -= d.severity == Severity::warning;
    }
    for (const Diagnostic& d : round.appeared) add(d, key_of(d));
  }
  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }

 private:
  std::size_t count(std::string_view key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? 0 : it->second.size();
  }
  void add(const Diagnostic& d, std::string key) {
    by_key_[std::move(key)].push_back(d);
    errors_ += d.severity == Severity::error;
    warnings_ += d.severity == Severity::warning;
  }
  std::unordered_map<std::string, std::vector<Diagnostic>, TextHash, std::equal_to<>> by_key_;
  std::size_t errors_ = 0, warnings_ = 0;
};

// One dbt project judged incrementally.
struct WatchedProject {
  std::string dir;
  std::vector<std::string> select;
  dbt::ProjectSession session;
  TransformProject selected;  // the session's project, restricted to the selection
  std::unique_ptr<IncrementalEnforcement> enforcement;
  bool passed = true;  // as the last round judged it
};

// A path the watcher told, relative to `dir` when below it ("" otherwise).
std::string below(const std::string& dir, const std::string& path) {
  // Absolute both: the watcher may tell a folder by another spelling than
  // the validate read it (one inotify watch per folder, however named).
  const fs::path rel =
      fs::absolute(path).lexically_normal().lexically_relative(fs::absolute(dir).lexically_normal());
  const std::string text = rel.generic_string();
  if (rel.empty() || text == "." || text.rfind("..", 0) == 0) return {};
  return text;
}

// What dbt and floe write inside a project (target/, logs/, packages), and
// what editors and tools write beside a file they save (sed's and vim's
// temporaries, backups): not edits of the project. floe reads .sql, .yml,
// .yaml and (seeds) .csv files; a change of anything else is none of its
// business.
bool ignored(const std::string& relative) {
  for (const char* folder : {"target/", "logs/", "dbt_packages/", "dbt_modules/"})
    if (relative.rfind(folder, 0) == 0) return true;
  const std::string name = fs::path(relative).filename().string();
  if (name.empty() || name[0] == '.') return true;
  for (const char* read : {".sql", ".yml", ".yaml", ".csv"})
    if (name.ends_with(read)) return false;
  return true;
}

class Watch {
 public:
  Watch(const CompileRequest& request, const WatchHooks& hooks) : request_(request), hooks_(hooks) {}

  std::string run() {
    full_round({}, Clock::now(), 0);
    if (!watcher_->ok()) return watcher_->problem();
    int round = 1;
    while (!stopped()) {
      std::vector<std::string> changed = watcher_->wait(hooks_.poll_ms, hooks_.settle_ms);
      if (changed.empty()) continue;
      // As the user would write them: "./models/a.sql" is "models/a.sql".
      for (std::string& path : changed) path = fs::path(path).lexically_normal().string();
      const Clock::time_point t0 = Clock::now();
      // Events the kernel dropped: what changed is unknown, validate whole.
      if (watcher_->lost_events() || !incremental_round(changed, t0, round)) full_round(changed, t0, round);
      ++round;
      if (!watcher_->ok()) return watcher_->problem();
    }
    return {};
  }

 private:
  bool stopped() const { return hooks_.should_stop && hooks_.should_stop(); }

  void full_round(const std::vector<std::string>& changed, Clock::time_point t0, int round_number) {
    CompileInputs read;
    GovernanceBasis basis;
    CompileReport report = compile_product(request_, &read, nullptr, &basis);
    WatchRound round;
    round.round = round_number;
    round.full = true;
    round.changed = changed;
    round.report = &report;
    shown_.replace(report.diagnostics.items(), round);
    round.errors = shown_.errors();
    round.warnings = shown_.warnings();
    round.outcome = outcome_ = report.outcome;

    // What to watch: every file the validate read, the dbt projects whole,
    // and the product's folder (a dbt project that could not be read is
    // not among the trees; its edits must still be seen). Never less than
    // before: a round that reads less (a project broken by an edit) keeps
    // watching what the fix will touch.
    if (!watcher_) {
      watcher_ = std::make_unique<FileWatcher>();
      product_dir_ = fs::absolute(fs::path(request_.product_path)).parent_path().lexically_normal().string();
      watcher_->watch_tree(product_dir_);
    }
    for (const auto& f : read.files) {
      watcher_->watch_file(f);
      const std::string normal = fs::absolute(f).lexically_normal().string();
      if (std::find(files_.begin(), files_.end(), normal) == files_.end()) files_.push_back(normal);
    }
    for (const auto& t : read.trees) watcher_->watch_tree(t);
    // The projects judged incrementally, when nothing but governance reads
    // the models.
    projects_.clear();
    if (basis.judged && !basis.models_read_elsewhere) {
      for (const auto& p : basis.projects) {
        auto w = std::make_unique<WatchedProject>();
        w->dir = p.dir;
        w->select = p.select;
        w->enforcement = std::make_unique<IncrementalEnforcement>(basis.policy, basis.today);
        if (!w->session.open(p.dir, parse_cache_for(p.dir))) {
          projects_.clear();
          break;
        }
        reselect(*w);
        w->enforcement->judge_all(w->selected.project);
        w->passed = w->enforcement->passed();
        projects_.push_back(std::move(w));
      }
    }
    round.judged_ms = ms_since(t0);
    if (hooks_.on_round) hooks_.on_round(round);
  }

  void reselect(WatchedProject& w) {
    w.selected = TransformProject{w.session.project(), w.dir, w.select};
    restrict_to_selection(w.selected);
  }

  // False when the change needs a whole validate. True also when nothing
  // that floe reads changed (no round then).
  bool incremental_round(const std::vector<std::string>& changed, Clock::time_point t0, int round_number) {
    std::vector<std::vector<std::string>> per_project(projects_.size());
    bool any = false;
    for (const std::string& path : changed) {
      const std::string normal = fs::absolute(path).lexically_normal().string();
      if (std::find(files_.begin(), files_.end(), normal) != files_.end()) return false;  // floe.yaml, the platform...
      bool placed = false;
      for (std::size_t i = 0; i < projects_.size() && !placed; ++i) {
        std::string relative = below(projects_[i]->dir, path);
        if (relative.empty()) continue;
        placed = true;
        if (!ignored(relative)) per_project[i].push_back(std::move(relative));
      }
      if (placed) continue;
      // Elsewhere in the product's folder: a dbt file of a project not
      // judged incrementally (unreadable last time, or read by contracts
      // too) needs a whole validate; anything else is none of floe's.
      std::string relative = below(product_dir_, path);
      if (relative.empty() || !ignored(relative)) return false;
    }
    for (const auto& list : per_project) any = any || !list.empty();
    if (!any) return true;
    WatchRound round;
    round.round = round_number;
    round.changed = changed;
    for (std::size_t i = 0; i < projects_.size(); ++i) {
      if (per_project[i].empty()) continue;
      WatchedProject& w = *projects_[i];
      const Diagnostics before = w.session.diagnostics();
      dbt::ProjectSession::Change change = w.session.update(per_project[i]);
      // A read with problems, before or after: a whole validate says them.
      if (!w.session.ok() || !w.session.diagnostics().empty() || !before.empty()) return false;
      FindingDelta delta;
      if (change.whole) {
        reselect(w);
        delta = w.enforcement->judge_all(w.selected.project);
      } else {
        std::vector<std::string> judged;
        for (const std::string& name : change.models) {
          const dbt::DbtModel* now = w.session.project().find_model(name);
          auto it = std::lower_bound(w.selected.project.models.begin(), w.selected.project.models.end(), name,
                                     [](const dbt::DbtModel& m, const std::string& n) { return m.name < n; });
          if (now == nullptr || it == w.selected.project.models.end() || it->name != name) continue;
          *it = *now;
          judged.push_back(name);
        }
        delta = w.enforcement->judge_changed(w.selected.project, judged);
      }
      // A project whose governance starts or stops passing changes how each
      // of its findings is shown (a passing one's errors are warnings): a
      // whole validate.
      if (w.enforcement->passed() != w.passed) return false;
      for (auto* list : {&delta.appeared, &delta.resolved})
        for (Diagnostic& d : *list)
          if (w.passed && d.severity == Severity::error) d.severity = Severity::warning;
      for (auto& d : delta.appeared) round.appeared.push_back(std::move(d));
      for (auto& d : delta.resolved) round.resolved.push_back(std::move(d));
    }
    // Errors that appear where there were none, or go away, decide whether
    // the artifact checks run: a whole validate.
    const auto [errors, warnings] = shown_.counts_after(round);
    if ((errors == 0) != (shown_.errors() == 0)) return false;
    shown_.apply(round);
    round.errors = errors;
    round.warnings = warnings;
    round.outcome = outcome_;
    round.judged_ms = ms_since(t0);
    if (hooks_.on_round) hooks_.on_round(round);
    return true;
  }

  const CompileRequest& request_;
  const WatchHooks& hooks_;
  std::unique_ptr<FileWatcher> watcher_;
  std::string product_dir_;         // absolute
  std::vector<std::string> files_;  // the files the validates read (normalized)
  std::vector<std::unique_ptr<WatchedProject>> projects_;
  Shown shown_;
  Outcome outcome_ = Outcome::ok;
};

}  // namespace

std::string watch_validate(const CompileRequest& request, const WatchHooks& hooks) {
  Watch watch(request, hooks);
  return watch.run();
}

}  // namespace floe
