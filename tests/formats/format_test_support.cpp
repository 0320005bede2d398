#include "format_test_support.hpp"

#include <sstream>

namespace floe::test {

std::filesystem::path copy_fixture(const std::string& relative, const TempDir& into) {
  std::filesystem::path from = std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests" / "fixtures" / relative;
  std::filesystem::path to = into.path() / std::filesystem::path(relative).filename();
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
  return to;
}

ProcessResult floe_in(const std::filesystem::path& cwd, const std::vector<std::string>& args) {
  // run_process has no working directory: go through sh's cd.
  std::string command = "cd '" + cwd.string() + "' && exec \"$0\" \"$@\"";
  std::vector<std::string> sh_args{"-c", command, std::string(FLOE_TEST_BIN_DIR) + "/floe"};
  sh_args.insert(sh_args.end(), args.begin(), args.end());
  return run_process("/bin/sh", sh_args,
                     {{"FLOE_PLUGIN_PATH", ""}, {"XDG_DATA_HOME", cwd.string() + "/no-xdg"}, {"VIRTUAL_ENV", ""},
                      {"NO_COLOR", "1"}});
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) found.push_back(line);
  return found;
}

}  // namespace floe::test
