// libfloe-iceberg's Avro reader and the manifest readers over it: the input
// as a manifest list and as a manifest (what a commit reads from the object
// store of the table it replaces). Broken input must be an
// floe::iceberg::Error of kind malformed, never another exception, a crash,
// an out-of-bounds read or an unbounded loop; what reads as a manifest must
// plan an overwrite that lists its live files as DELETED.
#include <cstdlib>
#include <string>
#include <string_view>

#include "iceberg/avro_reader.hpp"
#include "iceberg/error.hpp"
#include "iceberg_fuzz_support.hpp"
#include "iceberg/manifest_files.hpp"
#include "iceberg/overwrite.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string uri = "s3://lake/t/metadata/fuzz.avro";
  floe::fuzz::expect_malformed_or_ok([&] { (void)floe::iceberg::read_avro(bytes, uri); });
  floe::fuzz::expect_malformed_or_ok([&] {
    for (const auto& m : floe::iceberg::read_manifest_list(bytes, uri)) (void)floe::iceberg::may_hold_live_files(m);
  });
  floe::fuzz::expect_malformed_or_ok([&] {
    floe::iceberg::ManifestRef ref;
    ref.path = uri;
    ref.sequence_number = 3;
    std::vector<floe::iceberg::LiveFile> live = floe::iceberg::read_live_files(bytes, ref);
    floe::iceberg::TableMetadata t;
    t.format_version = 2;
    t.location = "s3://lake/t";
    t.schemas.push_back(floe::iceberg::Schema{});
    t.partition_specs.push_back(floe::iceberg::PartitionSpec{});
    floe::iceberg::OverwriteOptions options;
    options.replaced_files = live;
    floe::iceberg::OverwritePlan plan = floe::iceberg::plan_overwrite(t, {}, options);
    if (!plan.commit) std::abort();
    // The plan's manifests read back, with every replaced file DELETED.
    std::size_t deleted = 0;
    for (std::size_t i = 0; i + 1 < plan.files.size(); ++i)
      deleted += floe::iceberg::read_avro(plan.files[i].second, plan.files[i].first).records.size();
    if (deleted != live.size()) std::abort();
  });
  return 0;
}
