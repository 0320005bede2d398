#include "compile/product_placeholders.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <vector>

#include "core/text.hpp"

namespace floe {

std::string product_slug(const std::string& product_name) {
  std::string slug;
  bool pending_separator = false;
  for (unsigned char c : product_name) {
    if (std::isalnum(c) || c == '_') {
      if (pending_separator && !slug.empty()) slug += '_';
      pending_separator = false;
      slug += static_cast<char>(c);
    } else {
      pending_separator = true;
    }
  }
  while (!slug.empty() && slug.front() == '_') slug.erase(slug.begin());
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug.empty() ? "product" : slug;
}

void expand_product_placeholders(boost::json::value& config, const std::string& product_name) {
  const std::string slug = product_slug(product_name);
  // An explicit stack: configuration is user input, so no recursion.
  std::vector<boost::json::value*> pending{&config};
  while (!pending.empty()) {
    boost::json::value* v = pending.back();
    pending.pop_back();
    if (v->is_string()) {
      std::string text(v->get_string());
      if (text.find('{') == std::string::npos) continue;
      text = replace_all(std::move(text), "{product_name}", product_name);
      text = replace_all(std::move(text), "{product_slug}", slug);
      *v = boost::json::string(text);
    } else if (v->is_object()) {
      for (auto& [key, member] : v->get_object()) pending.push_back(&member);
    } else if (v->is_array()) {
      for (auto& item : v->get_array()) pending.push_back(&item);
    }
  }
}

}  // namespace floe
