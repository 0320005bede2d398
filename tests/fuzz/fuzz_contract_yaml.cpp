// The ODCS data contract reader (contract/data_contract: YAML, the located
// document, the alpha translation, the ODCS schema and floe's contract rules)
// and the contract diff over what it accepts. Every problem must be a coded,
// located diagnostic; a contract it accepts must diff against itself with no
// change and against the empty contract without throwing.
#include "contract/contract_diff.hpp"
#include "contract/data_contract.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = floe::fuzz::text_of(data, size);
  floe::DataContract contract;
  floe::Diagnostics diags;
  const bool ok = floe::load_contract_text(text, "contract.odcs.yaml", contract, diags);
  floe::fuzz::check_diagnostics(diags, ok);
  if (!ok) return 0;
  if (!floe::diff_contracts(contract, contract).empty()) {
    std::fprintf(stderr, "fuzz invariant broken: a contract differs from itself\n");
    std::abort();
  }
  (void)floe::diff_contracts(floe::DataContract{}, contract);
  (void)floe::diff_contracts(contract, floe::DataContract{});
  return 0;
}
