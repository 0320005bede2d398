// The JSON Schema of the storage-s3 configuration, as published in the
// plugin descriptor: the host validates plugins.storage.config against it
// (every key, strictly) and fills in its defaults; s3_config.cpp checks what
// a schema cannot say (a role ARN only with the iam_role mode, ...).
// path_style_access has no schema default on purpose: absent, it follows the
// endpoint (path style for an S3-compatible endpoint, virtual hosts on AWS).
#ifndef FLOE_STORAGE_S3_CONFIG_SCHEMA_HPP
#define FLOE_STORAGE_S3_CONFIG_SCHEMA_HPP

namespace floe::storage_s3 {

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["bucket"],
  "properties": {
    "endpoint": {
      "type": "string",
      "pattern": "^https?://[^/\\s?#@]+/?$",
      "description": "Base URL of an S3-compatible service (MinIO, versitygw, Ceph, R2, ...), scheme and host[:port] only. Absent: AWS S3 in the region (https://s3.<region>.amazonaws.com)."
    },
    "bucket": {
      "type": "string",
      "pattern": "^[a-z0-9][a-z0-9.-]*[a-z0-9]$",
      "minLength": 3,
      "maxLength": 63,
      "description": "The bucket the lakehouse lives in (S3 bucket naming rules)."
    },
    "region": {
      "type": "string",
      "pattern": "^[a-z0-9-]{1,32}$",
      "default": "us-east-1",
      "description": "The bucket's region; signs every request (S3-compatible services usually accept us-east-1)."
    },
    "prefix": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
      "description": "Key prefix under which warehouses live (no leading or trailing '/', no '..'); absent: the bucket's root."
    },
    "path_style_access": {
      "type": "boolean",
      "description": "Address the bucket as <endpoint>/<bucket> (true) instead of <bucket>.<endpoint> (false). Default: true with an endpoint, false on AWS."
    },
    "credentials": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "mode": {
          "type": "string",
          "enum": ["static", "iam_role", "instance_profile", "vended_credentials"],
          "default": "static",
          "description": "static: access keys from plugins.storage.secrets (access_key_id, secret_access_key, optional session_token); iam_role: a workload identity (EKS IRSA) for role_arn, no static keys; instance_profile: the node's own credentials; vended_credentials: the catalog hands out short-lived keys per table."
        },
        "role_arn": {
          "type": "string",
          "pattern": "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$",
          "description": "iam_role: the IAM role workloads assume (annotated on their Kubernetes service account)."
        },
        "role_session_name": {
          "type": "string",
          "pattern": "^[A-Za-z0-9+=,.@_-]+$",
          "minLength": 2,
          "maxLength": 64,
          "description": "iam_role: the session name the role is assumed with."
        }
      },
      "description": "Where the storage's credentials come from. Secrets are never written here: static keys are references under plugins.storage.secrets."
    },
    "timeout_ms": {
      "type": "integer",
      "minimum": 100,
      "maximum": 600000,
      "default": 10000,
      "description": "Longest a connection check may take when the caller gives no timeout."
    }
  }
})json";

}  // namespace floe::storage_s3

#endif  // FLOE_STORAGE_S3_CONFIG_SCHEMA_HPP
