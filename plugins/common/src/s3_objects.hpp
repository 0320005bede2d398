// Reading, writing and deleting one object of S3 or an S3-compatible store (a
// signed GET, PUT or DELETE, AWS Signature V4), for plugins that handle files
// themselves: a catalog reading the manifests of the snapshot it replaces,
// writing the Iceberg manifests of a commit and deleting the files a
// snapshot expiry left unreferenced. The endpoint and credentials come as
// Iceberg FileIO properties (s3.endpoint, s3.region, s3.path-style-access,
// s3.access-key-id, s3.secret-access-key, s3.session-token), the names every
// Iceberg client reads and storage-s3's get_fileio_config answers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sigv4.hpp"

namespace floe::plugin_support {

struct S3Endpoint {
  std::string endpoint;  // "http://127.0.0.1:9000"; "" = AWS (https://s3.<region>.amazonaws.com)
  std::string region = "us-east-1";
  bool path_style = false;
};

// The endpoint a FileIO's plain properties describe.
S3Endpoint s3_endpoint_of(const std::map<std::string, std::string>& properties);

// Splits "s3://bucket/key" (also s3a://, s3n://) into bucket and key; false
// for any other URI or an empty bucket or key.
bool split_s3_uri(const std::string& uri, std::string& bucket, std::string& key);

// PUTs `bytes` as the object `uri`. "" when the store answered 2xx; else
// what went wrong, naming the object and the endpoint, never a credential.
std::string put_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                          const std::string& uri, const std::string& bytes, std::chrono::milliseconds timeout);

struct S3Object {
  std::string bytes;    // when problem is ""
  std::string problem;  // as put_s3_object's
};

// GETs the object `uri`, refusing one larger than max_bytes.
S3Object get_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                       const std::string& uri, std::chrono::milliseconds timeout, std::size_t max_bytes);

// GETs the last `tail_bytes` of the object `uri` (a suffix Range; all of it
// when it is shorter) and its whole size: a Parquet file's footer.
S3Object get_s3_object_tail(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                            const std::string& uri, std::chrono::milliseconds timeout, std::size_t tail_bytes,
                            int64_t& object_size);

// DELETEs the object `uri` ("" when the store answered 2xx: S3 answers 204
// for a key that is already gone).
std::string delete_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                             const std::string& uri, std::chrono::milliseconds timeout);

}  // namespace floe::plugin_support
