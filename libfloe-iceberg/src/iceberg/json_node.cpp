#include "iceberg/json_node.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/stream_parser.hpp>

#include <vector>

namespace floe::iceberg::detail {
namespace json = boost::json;

namespace {
void append_escaped(std::string& out, std::string_view key) {
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
}
}  // namespace

std::string Node::pointer() const {
  std::vector<const Node*> chain;
  for (const Node* n = this; n->parent_ != nullptr; n = n->parent_) chain.push_back(n);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->parent_->value_->is_array()) out += std::to_string((*it)->index_);
    else append_escaped(out, (*it)->key_);
  }
  return out.empty() ? std::string("/") : out;
}

void Node::fail(const std::string& what) const {
  ErrorInfo info;
  info.kind = ErrorKind::malformed;
  info.operation = std::string(operation_);
  info.identifier = std::string(source_);
  info.location = pointer();
  info.detail = what;
  throw Error(std::move(info));
}

const char* Node::kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

const json::object& Node::object() const {
  if (!value_->is_object()) fail(std::string("expected an object, got ") + kind_name(*value_));
  return value_->get_object();
}

const json::array& Node::array() const {
  if (!value_->is_array()) fail(std::string("expected an array, got ") + kind_name(*value_));
  return value_->get_array();
}

std::string_view Node::string_view() const {
  if (!value_->is_string()) fail(std::string("expected a string, got ") + kind_name(*value_));
  const json::string& s = value_->get_string();
  return {s.data(), s.size()};
}

std::string Node::string() const { return std::string(string_view()); }

int64_t Node::int64() const {
  if (value_->is_int64()) return value_->get_int64();
  if (value_->is_uint64()) {
    if (value_->get_uint64() > static_cast<uint64_t>(INT64_MAX)) fail("integer out of range (above 2^63-1)");
    return static_cast<int64_t>(value_->get_uint64());
  }
  fail(std::string("expected an integer, got ") + kind_name(*value_));
}

int Node::int32() const {
  int64_t v = int64();
  if (v < INT32_MIN || v > INT32_MAX) fail("integer out of range for a 32-bit int: " + std::to_string(v));
  return static_cast<int>(v);
}

bool Node::boolean() const {
  if (!value_->is_bool()) fail(std::string("expected a boolean, got ") + kind_name(*value_));
  return value_->get_bool();
}

std::optional<Node> Node::find(std::string_view key, bool null_is_absent) const {
  const json::object& o = object();
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (null_is_absent && it->value().is_null()) return std::nullopt;
  return Node(it->value(), this, it->key(), 0);
}

Node Node::at(std::string_view key) const {
  const json::object& o = object();
  auto it = o.find(key);
  if (it == o.end()) fail("missing required key \"" + std::string(key) + "\"");
  return Node(it->value(), this, it->key(), 0);
}

Node Node::at(size_t index) const { return Node(array()[index], this, {}, index); }

namespace {

// Tracks line and column over the bytes parsed so far.
struct Position {
  std::size_t offset = 0, line = 1, column = 1;
  void advance(std::string_view text) {
    for (char c : text) {
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    offset += text.size();
  }
};

[[noreturn]] void syntax_error(const boost::system::error_code& ec, const Position& at, std::string_view source,
                               std::string_view operation, int max_depth) {
  ErrorInfo info;
  info.kind = ErrorKind::malformed;
  info.operation = std::string(operation);
  info.identifier = std::string(source);
  info.location = "byte " + std::to_string(at.offset) + " (line " + std::to_string(at.line) + ", column " +
                  std::to_string(at.column) + ")";
  if (ec == json::error::too_deep)
    info.detail = "nested deeper than " + std::to_string(max_depth) + " levels";
  else
    info.detail = "not valid JSON (" + ec.message() + ")";
  throw Error(std::move(info));
}

// Feeds one chunk; on an error throws with the position of the failing byte.
void feed(json::stream_parser& p, std::string_view chunk, Position& pos, std::string_view source,
          std::string_view operation, int max_depth) {
  boost::system::error_code ec;
  std::size_t consumed = p.write_some(chunk.data(), chunk.size(), ec);
  if (!ec && consumed < chunk.size() &&
      chunk.substr(consumed).find_first_not_of(" \t\r\n") != std::string_view::npos)
    ec = json::error::extra_data;
  if (ec) {
    pos.advance(chunk.substr(0, std::min(consumed, chunk.size())));
    syntax_error(ec, pos, source, operation, max_depth);
  }
  pos.advance(chunk);
}

json::parse_options options_for(int max_depth) {
  json::parse_options opt;
  opt.max_depth = static_cast<std::size_t>(max_depth);
  return opt;
}

}  // namespace

json::value parse_json(std::string_view text, std::string_view source, std::string_view operation, int max_depth,
                       json::storage_ptr storage) {
  json::stream_parser p({}, options_for(max_depth));
  p.reset(std::move(storage));
  Position pos;
  feed(p, text, pos, source, operation, max_depth);
  boost::system::error_code ec;
  p.finish(ec);
  if (ec) syntax_error(ec, pos, source, operation, max_depth);
  return p.release();
}

json::value parse_json(std::istream& in, std::string_view source, std::string_view operation, int max_depth,
                       json::storage_ptr storage) {
  json::stream_parser p({}, options_for(max_depth));
  p.reset(std::move(storage));
  Position pos;
  std::string chunk(256 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    if (p.done()) {
      // Only whitespace may follow the document.
      std::string_view rest(chunk.data(), static_cast<std::size_t>(n));
      if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos)
        syntax_error(json::error::extra_data, pos, source, operation, max_depth);
      pos.advance(rest);
      continue;
    }
    feed(p, std::string_view(chunk.data(), static_cast<std::size_t>(n)), pos, source, operation, max_depth);
  }
  boost::system::error_code ec;
  p.finish(ec);
  if (ec) syntax_error(ec, pos, source, operation, max_depth);
  return p.release();
}

}  // namespace floe::iceberg::detail
