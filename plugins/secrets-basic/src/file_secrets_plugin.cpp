// The "file" secrets plugin: a secret is a file under one directory, the
// layout of a Kubernetes Secret mounted as a volume (<directory>/<name>/<key>
// for a {k8s: {name, key}} reference, <directory>/<key> for {secret_ref: key}).
// Keys are relative paths that must stay inside the directory (no "..",
// no symlink out of it); a file is at most 1 MiB; one trailing newline is
// dropped (what `echo` and most editors add).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/input_file.hpp"
#include "floe/plugin.hpp"

namespace floe::secrets_basic {
namespace {

namespace fs = std::filesystem;

constexpr char kFileConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"directory\": {\"type\": \"string\", \"pattern\": \"^/\", \"default\": \"/run/secrets/floe\", \"description\": "
    "\"Where the secrets are mounted (an absolute path).\"}}}";

constexpr std::uintmax_t kMaxSecretBytes = 1u << 20;

void refuse_unknown(const boost::json::object& o, std::set<std::string> keys, const char* what) {
  for (const auto& [k, v] : o)
    if (!keys.count(std::string(k)))
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the " + what);
}

class file_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:file", "secrets:k8s-volume", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SECRETS, 0, "file", "0.1.0",
      "Secrets from files under a directory (a mounted Kubernetes Secret's layout)", capabilities, nullptr,
      kFileConfigSchema,
  };

  file_secrets(const boost::json::object& config, floe::sdk::host&)
      : directory_(floe::sdk::optional_string(config, "directory").value_or("/run/secrets/floe")) {}

  boost::json::value get_secret(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    refuse_unknown(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    return boost::json::object{{"value", read_secret(key)}};
  }

  boost::json::value list_secrets(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    refuse_unknown(o, {"prefix"}, "list_secrets request");
    std::string prefix = floe::sdk::optional_string(o, "prefix").value_or("");
    std::set<std::string> keys;
    std::error_code ec;
    // Two levels: <key> and <name>/<key>; Kubernetes' ..data links are skipped.
    for (fs::recursive_directory_iterator it(directory_, ec), end; !ec && it != end; it.increment(ec)) {
      if (it.depth() > 1) it.disable_recursion_pending();
      std::string rel = fs::path(it->path()).lexically_relative(directory_).string();
      if (rel.find("..") != std::string::npos || rel.rfind('.', 0) == 0) continue;
      if (it->is_regular_file(ec) && rel.rfind(prefix, 0) == 0) keys.insert(rel);
    }
    boost::json::array out;
    for (const auto& k : keys) out.emplace_back(k);
    return boost::json::object{{"keys", std::move(out)}};
  }

  boost::json::value get_multi_key_secret(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_multi_key_secret request");
    refuse_unknown(o, {"name"}, "get_multi_key_secret request");
    std::string name = floe::sdk::required_string(o, "name");
    fs::path dir = inside(name);
    boost::json::object values;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.is_regular_file() && entry.path().filename().string().rfind('.', 0) != 0)
        values[entry.path().filename().string()] = read_secret(name + "/" + entry.path().filename().string());
    if (ec) throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "secret '" + name + "': no directory " + dir.string());
    return boost::json::object{{"values", std::move(values)}};
  }

 private:
  // The canonical path of `key` under the directory; refuses one that leaves it.
  fs::path inside(const std::string& key) const {
    if (key.empty() || key.front() == '/' || fs::path(key).lexically_normal().string().rfind("..", 0) == 0)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "secret key '" + key + "': expected a relative path inside " + directory_);
    std::error_code ec;
    fs::path root = fs::canonical(directory_, ec);
    if (ec) throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "the secrets directory " + directory_ + " does not exist");
    fs::path path = fs::weakly_canonical(root / key, ec);
    std::string rel = path.lexically_relative(root).string();
    if (ec || rel.empty() || rel.rfind("..", 0) == 0)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "secret key '" + key + "' leads outside " + directory_);
    return path;
  }

  std::string read_secret(const std::string& key) const {
    fs::path path = inside(key);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': no file " + (fs::path(directory_) / key).string());
    if (fs::file_size(path, ec) > kMaxSecretBytes)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "secret '" + key + "': the file is larger than 1 MiB");
    // Read as any input: never blocking on a FIFO, bounded if the file grows.
    auto text = read_input_file(path.string(), InputRules{kMaxSecretBytes});
    if (!text)
      throw floe::sdk::error(text.error().code, "secret '" + key + "': " +
                                                    (input_problem(text.error()) == "too_large"
                                                         ? std::string("the file is larger than 1 MiB")
                                                         : "the file cannot be read (" + input_problem(text.error()) + ")"));
    std::string value = std::move(text).value();
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    return value;
  }

  std::string directory_;
};

}  // namespace
}  // namespace floe::secrets_basic

FLOE_PLUGIN(floe::secrets_basic::file_secrets)
