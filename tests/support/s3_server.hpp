// A real S3-compatible object store for tests: versitygw (v1.8.0, built by
// scripts/build-versitygw into .cache/versitygw/) serving a temporary
// directory through its posix backend, on a free loopback port. Started by
// fork/exec (the PID is versitygw's own) and stopped by PID when the object
// goes away, with its directory.
//
//   auto s3 = floe::test::S3Server::start();   // ~0.4 s; once per test program
//   s3->create_bucket("lake");
//   // endpoint() with access_key() / secret_key(), region us-east-1, path-style
//
// Requests must be signed with AWS Signature V4 and carry
// x-amz-content-sha256 (versitygw refuses requests without it).
#pragma once

#include <memory>
#include <string>

#include "registry_fixture.hpp"

namespace floe::test {

class S3Server {
 public:
  // Throws std::runtime_error naming scripts/build-versitygw when the binary
  // is missing, with the server's log when it does not answer within ~10 s.
  static std::unique_ptr<S3Server> start();
  ~S3Server();
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  std::string endpoint() const;  // "http://127.0.0.1:PORT"
  std::string host() const;      // "127.0.0.1:PORT"
  int port() const { return port_; }
  // The root user's keys: any request signed with them is allowed.
  static constexpr const char* access_key() { return "floe-test-access"; }
  static constexpr const char* secret_key() { return "floe-test-secret-0123456789"; }
  static constexpr const char* region() { return "us-east-1"; }

  // Creates a bucket through the S3 API (a signed PUT, by the curl CLI);
  // throws std::runtime_error with the answer when it fails.
  void create_bucket(const std::string& name) const;
  // The directory holding bucket `name`'s objects (posix backend: one file per key).
  std::string bucket_dir(const std::string& name) const;

  std::string log_tail() const;

 private:
  S3Server() = default;
  std::string dir_;  // the temp dir: data/ (the buckets) and versitygw.log
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The versitygw binary: $FLOE_VERSITYGW, else <source>/.cache/versitygw/versitygw.
std::string versitygw_binary();

}  // namespace floe::test
