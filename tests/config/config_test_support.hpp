// Shared by the config tests: loading text and finding diagnostics by code.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "config/config_loader.hpp"

namespace floe::test {

struct Loaded {
  bool ok = false;
  LocatedDocument doc;
  Diagnostics diags;

  // The diagnostics with `code`, in file order.
  std::vector<Diagnostic> with(const std::string& code) const {
    std::vector<Diagnostic> out;
    std::copy_if(diags.items().begin(), diags.items().end(), std::back_inserter(out),
                 [&](const Diagnostic& d) { return d.code == code; });
    return out;
  }
  // The only diagnostic with `code` (fails the test when there is not exactly one).
  Diagnostic one(const std::string& code) const {
    auto found = with(code);
    INFO(dump());
    REQUIRE(found.size() == 1);
    return found[0];
  }
  std::string dump() const {
    std::string text;
    for (const auto& d : diags.items()) text += format_diagnostic(d) + "\n";
    return text;
  }
};

inline Loaded manifest(const std::string& text, const std::string& file = "manifest.yaml") {
  Loaded l;
  l.ok = load_manifest_text(text, file, l.doc, l.diags);
  return l;
}

inline Loaded product(const std::string& text, const std::string& file = "floe.yaml") {
  Loaded l;
  l.ok = load_data_product_text(text, file, l.doc, l.diags);
  return l;
}

// A diagnostic's file:line:column.
inline std::string where(const Diagnostic& d) {
  return d.where.file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
}

}  // namespace floe::test

namespace floe::test {

// `text` with the first `from` replaced by `to` (fails the test when absent).
inline std::string edit(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  INFO("fixture lacks: " << from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace floe::test
