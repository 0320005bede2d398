// A private directory for one run of an external tool (its spec, its
// working files), removed with everything in it when the run ends.
#ifndef FLOE_PLUGIN_SUPPORT_SCRATCH_DIRECTORY_HPP
#define FLOE_PLUGIN_SUPPORT_SCRATCH_DIRECTORY_HPP

#include <string>

namespace floe::plugin_support {

class scratch_directory {
 public:
  // Under $TMPDIR (when absolute) or /tmp, named "<prefix>-XXXXXX". Throws
  // floe::sdk::error (IO) when it cannot be made.
  explicit scratch_directory(const std::string& prefix);
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  ~scratch_directory();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_SCRATCH_DIRECTORY_HPP
