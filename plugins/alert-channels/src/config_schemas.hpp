// The JSON Schemas of the three alert channels' configurations, as published
// in their descriptors (the host validates a configuration against them and
// fills in the defaults). dedup_minutes is read by the host, not the plugin:
// an alert with the same subject is not sent again within it.
#pragma once

namespace floe::alert_channels {

#define FLOE_ALERT_COMMON_PROPERTIES                                                                            \
  "\"timeout_seconds\": {\"type\": \"number\", \"minimum\": 0.1, \"maximum\": 120, \"default\": 10, "            \
  "\"description\": \"Longest time one attempt may take (connect and answer).\"},"                              \
  "\"retries\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 10, \"default\": 3, \"description\": "     \
  "\"Attempts after the first, for transient failures (no connection, a timeout, HTTP 429 or 5xx).\"},"        \
  "\"backoff_seconds\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 60, \"default\": 0.5, "            \
  "\"description\": \"Wait before the first retry; doubles after each.\"},"                                     \
  "\"dedup_minutes\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 10080, \"default\": 30, "            \
  "\"description\": \"An alert about the same check is not sent again within this many minutes (read by the "  \
  "host; 0 sends every time).\"}"

inline constexpr char webhook_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"url\"], \"properties\": {"
    "\"url\": {\"type\": \"string\", \"pattern\": \"^https?://[^/?#]+\", \"description\": \"Where the alert is "
    "POSTed as JSON. With secrets.hmac_key the request carries X-Floe-Signature: sha256=HMAC(key, "
    "timestamp + '.' + body) and X-Floe-Timestamp.\"}," FLOE_ALERT_COMMON_PROPERTIES "}}";

inline constexpr char slack_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"channel_name\": {\"type\": \"string\", \"description\": \"Shown in messages and reports only (the incoming "
    "webhook, secrets.webhook_url, decides the channel).\"}," FLOE_ALERT_COMMON_PROPERTIES "}}";

inline constexpr char email_config_schema_json[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"smtp_url\", \"from\", \"to\"], "
    "\"properties\": {"
    "\"smtp_url\": {\"type\": \"string\", \"pattern\": \"^smtps?://[^/?#]+\", \"description\": \"The mail server: "
    "smtp://host:587 (with require_tls: STARTTLS) or smtps://host:465.\"},"
    "\"from\": {\"type\": \"string\", \"pattern\": \"^[^@\\\\s<>]+@[^@\\\\s<>]+$\", \"description\": \"Sender address.\"},"
    "\"to\": {\"type\": \"array\", \"minItems\": 1, \"items\": {\"type\": \"string\", \"pattern\": "
    "\"^[^@\\\\s<>]+@[^@\\\\s<>]+$\"}, \"description\": \"Recipients.\"},"
    "\"require_tls\": {\"type\": \"boolean\", \"default\": true, \"description\": \"Refuse to send over smtp:// "
    "without STARTTLS (false only for a relay on a trusted network).\"},"
    FLOE_ALERT_COMMON_PROPERTIES "}}";

#undef FLOE_ALERT_COMMON_PROPERTIES

}  // namespace floe::alert_channels
