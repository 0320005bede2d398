// What storage-s3 runs in the platform's cluster (get_k8s_workloads, floe
// platform deploy): MinIO, when the configured endpoint is a cluster-local
// address (the local and test profiles: endpoint http://minio:9000). Its
// root credentials are the selection's access keys, read from the
// platform's Secret. AWS S3 or any outside endpoint: nothing to run.
#ifndef FLOE_STORAGE_S3_MINIO_WORKLOAD_HPP
#define FLOE_STORAGE_S3_MINIO_WORKLOAD_HPP

#include <boost/json.hpp>

#include "s3_config.hpp"

namespace floe::storage_s3 {

boost::json::value minio_workloads(const s3_config& config, const boost::json::object& request);

}  // namespace floe::storage_s3

#endif
