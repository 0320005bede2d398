# The OCI distribution client: a registry repository over HTTP (libcurl,
# opened by libfloe-core on first use), its auth state machine and credential
# lookup.
list(APPEND FLOE_CORE_SOURCES
     src/oci/curl_library.cpp
     src/oci/http_transport.cpp
     src/oci/auth_challenge.cpp
     src/oci/credentials.cpp
     src/oci/registry_auth.cpp
     src/oci/registry_target.cpp)
