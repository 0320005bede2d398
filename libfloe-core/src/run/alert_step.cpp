#include "run/alert_step.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "run/model_builds.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

bool alertable(const Diagnostic& d) {
  return d.code == codes::X105 || d.code == codes::X110 || d.code == codes::X111;
}

const char* title_of(const Diagnostic& d) {
  if (d.code == codes::X111) return "a data contract's promise is broken";
  if (d.code == codes::X110) return "the quality score is below the block threshold";
  return "a data test failed";
}

// The same check, whatever it measured this time.
std::string dedup_key(const Diagnostic& d) {
  return fmt::format("{}|{}|{}:{}", d.code, d.subject, d.where.file, d.where.line);
}

std::string product_name(const RunContext& ctx) {
  std::string name = string_at(ctx.artifacts, {"product", "name"});
  std::string domain = string_at(ctx.artifacts, {"product", "domain"});
  return domain.empty() ? name : domain + "/" + name;
}

// What was sent when: {"sent": {key: "2026-11-24T03:20:00.000Z"}}.
class SentAlerts {
 public:
  explicit SentAlerts(std::string path) : path_(std::move(path)) {
    auto parsed = read_json_file(path_, input_limits::kConfigFile);
    if (!parsed || !parsed.value().is_object()) return;
    if (const json::value* sent = parsed.value().as_object().if_contains("sent"); sent && sent->is_object())
      for (const auto& [key, at] : sent->as_object())
        if (at.is_string()) sent_[std::string(key)] = std::string(at.as_string());
  }
  bool recent(const std::string& key, std::chrono::minutes window) const {
    auto it = sent_.find(key);
    if (it == sent_.end() || window.count() == 0) return false;
    auto at = parse_utc_timestamp(it->second);
    return at && std::chrono::system_clock::now() - *at < window;
  }
  void mark(const std::string& key) { sent_[key] = utc_now(); }
  void save() const {
    json::object sent;
    for (const auto& [k, v] : sent_) sent[k] = v;
    (void)write_file_atomically(path_, json::serialize(json::object{{"sent", std::move(sent)}}) + "\n",
                                Durability::unsynced);
  }

 private:
  std::string path_;
  std::map<std::string, std::string> sent_;
};

}  // namespace

bool has_alerts(const RunContext& ctx) {
  const json::value* selection = find_path(ctx.artifacts, {"plugins", "alert_channel"});
  if (selection == nullptr || string_at(*selection, {"type"}).empty()) return false;
  for (const auto& d : ctx.report.diagnostics.items())
    if (alertable(d)) return true;
  return false;
}

StepOutcome alert_step(RunContext& ctx, const std::string& run_id) {
  return run_step(ctx, "alerts", "alert", "Sending alerts through the platform's alert channel",
                  [&](Stage& stage, StepOutcome& o) {
    const json::value& selection = *find_path(ctx.artifacts, {"plugins", "alert_channel"});
    Instance* channel = open_selected_plugin(ctx, "alert_channel", "", false);
    auto undelivered = [&](const std::string& why) {
      Diagnostic d = make_diagnostic(codes::X113, "alert", why, {ctx.artifacts_path, 0, 0}, {},
                                     "check the channel (floe plugins call alert_channel <type> validate_config) and "
                                     "that its endpoint answers; the run itself is not affected");
      d.severity = Severity::warning;
      d.subject = "plugins.alert_channel";
      ctx.report.diagnostics.add(std::move(d));
      stage.lines.push_back({"warning", why});
    };
    if (channel == nullptr) {
      // open_selected_plugin said why (X101/X102): an alert channel is never worth failing the run
      for (auto& d : ctx.report.diagnostics.items())
        if (d.subject == "plugins.alert_channel" && d.severity == Severity::error) d.severity = Severity::warning;
      undelivered("the alert channel cannot be opened: no alert was sent");
      return;
    }
    std::int64_t dedup_minutes = 30;
    if (const json::value* m = find_path(selection, {"config", "dedup_minutes"}); m != nullptr && m->is_int64())
      dedup_minutes = m->as_int64();
    SentAlerts sent((fs::path(ctx.product_dir) / "target" / "floe_alerts.json").string());
    json::object secrets = selection_secret_references(selection);

    std::vector<Diagnostic> findings;
    for (const auto& d : ctx.report.diagnostics.items())
      if (alertable(d)) findings.push_back(d);
    int delivered = 0, deduplicated = 0, failed = 0;
    std::set<std::string> seen;
    auto send = [&](json::object request, const std::vector<std::string>& keys) {
      if (!secrets.empty()) request["secrets"] = secrets;
      auto answer = ctx.registry.call_value(*channel, "send_alert", request);
      std::string why;
      bool ok = false;
      if (!answer) {
        why = answer.error().message;
      } else {
        const json::value& parsed = answer.value();
        ok = parsed.is_object() && parsed.as_object().contains("delivered") && parsed.at("delivered") == true;
        why = parsed.is_object() ? string_at(parsed.as_object(), {"message"}) : "an answer that is not a JSON object";
      }
      ctx.bus.publish({{"type", "alert"},
                       {"step", ctx.current_step},
                       {"title", request.at("title")},
                       {"severity", request.at("severity")},
                       {"delivered", ok},
                       {"message", why}});
      if (ok) {
        ++delivered;
        for (const auto& k : keys) sent.mark(k);
        stage.lines.push_back({"ok", fmt::format("{}: {}", std::string(request.at("title").as_string()), why)});
      } else {
        ++failed;
        undelivered(fmt::format("an alert was not delivered through {}: {}", channel->label, why));
      }
    };
    std::vector<const Diagnostic*> to_send;
    for (const auto& d : findings) {
      std::string key = dedup_key(d);
      if (!seen.insert(key).second) continue;
      if (sent.recent(key, std::chrono::minutes(dedup_minutes))) {
        ++deduplicated;
        continue;
      }
      to_send.push_back(&d);
    }
    std::size_t individual = to_send.size() > kMaxAlertsPerRun ? kMaxAlertsPerRun - 1 : to_send.size();
    for (std::size_t i = 0; i < individual && !ctx.cancelled(); ++i) {
      const Diagnostic& d = *to_send[i];
      json::object details{{"code", d.code}, {"subject", d.subject}, {"run_id", run_id}};
      if (!d.where.file.empty()) details["file"] = d.where.file;
      if (d.where.line > 0) details["line"] = d.where.line;
      if (!d.expected.empty()) details["expected"] = d.expected;
      if (!d.actual.empty()) details["actual"] = d.actual;
      json::object request{{"severity", d.severity == Severity::error ? "critical" : "warning"},
                           {"title", fmt::format("{}: {}", product_name(ctx), title_of(d))},
                           {"message", d.message},
                           {"product", product_name(ctx)},
                           {"details", std::move(details)}};
      if (d.code == codes::X111) request["contract"] = d.subject;
      send(std::move(request), {dedup_key(d)});
    }
    if (to_send.size() > individual && !ctx.cancelled()) {
      std::vector<std::string> keys;
      std::string list;
      for (std::size_t i = individual; i < to_send.size(); ++i) {
        keys.push_back(dedup_key(*to_send[i]));
        list += fmt::format("\n- {}", to_send[i]->message);
      }
      send({{"severity", "critical"},
            {"title", fmt::format("{}: {} more checks failed", product_name(ctx), keys.size())},
            {"message", fmt::format("The run {} has {} more failed checks:{}", run_id, keys.size(), list)},
            {"product", product_name(ctx)},
            {"details", json::object{{"run_id", run_id}, {"count", keys.size()}}}},
           keys);
    }
    sent.save();
    stage.lines.insert(stage.lines.begin(),
                       {failed == 0 ? "ok" : "warning",
                        fmt::format("{} alert(s) delivered, {} not delivered, {} already sent within {} min",
                                    delivered, failed, deduplicated, dedup_minutes)});
    o.summary = {{"delivered", delivered}, {"undelivered", failed}, {"deduplicated", deduplicated}};
  });
}

}  // namespace floe::run
