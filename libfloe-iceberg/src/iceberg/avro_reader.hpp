// An Avro object container file reader (Apache Avro 1.11 specification,
// "Object Container Files"), for the Avro files of an Iceberg table that a
// commit must read: the manifest list of the snapshot it replaces and that
// list's manifests, whoever wrote them (Iceberg's Java library, pyiceberg,
// DuckDB, floe).
//
// Records are decoded with the file's own (writer) schema into JSON values:
// a record is an object of its fields, an array an array, a map an object, a
// union the value of its branch, bytes and fixed a string of the raw bytes,
// an enum its symbol. Logical types are read as their underlying type.
// Codecs: "null", "deflate" (what Iceberg's writers use by default) and
// "zstandard" (libzstd, opened on first use); another codec (snappy, bzip2)
// is refused with its name.
//
// The input comes from an object store a catalog points at, so it is
// untrusted: every length is checked against what is left, schemas nest at
// most kMaxAvroDepth deep (values too), a file decodes to at most
// kMaxAvroBytes of block data, and the count of values read (256 M) and
// built (2 M) is bounded. A violation throws Error(malformed) naming
// the byte offset; nothing here can read out of bounds or recurse without
// bound.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace floe::iceberg {

inline constexpr int kMaxAvroDepth = 48;
inline constexpr std::size_t kMaxAvroBytes = std::size_t{256} << 20;

struct AvroFile {
  std::map<std::string, std::string> metadata;  // the header's entries (avro.schema, avro.codec, Iceberg's own)
  boost::json::array records;                   // one value per record, in file order
};

// `what` names the file in errors (its URI). `projection`: the dotted paths
// of the record fields to build ("data_file.file_path" keeps that field and
// the data_file record around it); other fields are read past, not built
// (a manifest's column statistics are most of its bytes). Empty = all.
AvroFile read_avro(std::string_view bytes, const std::string& what, const std::vector<std::string>& projection = {});

}  // namespace floe::iceberg
