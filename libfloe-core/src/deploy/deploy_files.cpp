#include "deploy/deploy_files.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "compile/yaml_emit.hpp"
#include "core/atomic_directory.hpp"
#include "base/atomic_file.hpp"

namespace floe {

namespace json = boost::json;

namespace {

// Text Helm must print as it is: a "{{" in a configuration file would be
// read as a template action, so it becomes an action that prints "{{".
std::string escaped_for_helm(std::string text) {
  const std::string action = "{{`{{`}}";
  for (auto at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + action.size()))
    text.replace(at, 2, action);
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> deploy_file_texts(const std::vector<ObjectFile>& files,
                                                                   const ValueSlots& slots, bool helm,
                                                                   const ChartInfo& chart, const std::string& banner) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string comment;
  for (std::size_t start = 0; start < banner.size();) {
    auto end = banner.find('\n', start);
    comment += "# " + banner.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
    start = end == std::string::npos ? banner.size() : end + 1;
  }
  if (helm) {
    json::object meta{{"apiVersion", "v2"},
                      {"name", chart.name},
                      {"description", chart.description},
                      {"type", "application"},
                      {"version", chart.version},
                      {"appVersion", chart.version}};
    out.emplace_back("Chart.yaml", comment + to_yaml(meta, YamlStrings::plain_when_safe));
    out.emplace_back("values.yaml", comment + to_yaml(slots.values(), YamlStrings::plain_when_safe));
  }
  for (const auto& f : files) {
    if (f.objects.empty()) continue;
    std::string text = comment;
    for (const auto& o : f.objects) text += "---\n" + to_yaml(o, YamlStrings::plain_when_safe);
    if (helm) text = escaped_for_helm(std::move(text));
    out.emplace_back(helm ? "templates/" + f.name : f.name, slots.templated(std::move(text)));
  }
  return out;
}

Result<Ok> write_deploy_directory(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& texts) {
  return replace_directory_atomically(dir, [&](const std::filesystem::path& staging) -> Result<Ok> {
    for (const auto& [relative, content] : texts)
      if (auto ok = write_file_atomically((staging / relative).string(), content); !ok) return ok.error();
    return Ok{};
  });
}

}  // namespace floe
