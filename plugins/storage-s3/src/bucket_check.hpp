// storage-s3's connection check: one ListObjectsV2 of at most one key on the
// bucket, signed with AWS Signature V4 (sigv4.hpp), over libcurl opened on
// first use. Every outcome is a validate_connection answer whose message
// names the bucket and the endpoint and never a secret: healthy; the
// credentials refused; no such bucket; nothing listening; no answer in time.
#ifndef FLOE_STORAGE_S3_BUCKET_CHECK_HPP
#define FLOE_STORAGE_S3_BUCKET_CHECK_HPP

#include <boost/json.hpp>

#include <chrono>
#include <optional>

#include "s3_config.hpp"
#include "sigv4.hpp"

namespace floe::storage_s3 {

using floe::plugin_support::sigv4_credentials;

// `credentials` absent: an unsigned (anonymous) request.
boost::json::object check_bucket(const s3_config& config, const std::optional<sigv4_credentials>& credentials,
                                 std::chrono::milliseconds timeout);

}  // namespace floe::storage_s3

#endif  // FLOE_STORAGE_S3_BUCKET_CHECK_HPP
