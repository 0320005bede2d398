# Sources of libfloe-core/src/kube (appended to FLOE_CORE_SOURCES): a
# Kubernetes cluster reached through kubectl (deploy --apply, status).
list(APPEND FLOE_CORE_SOURCES src/kube/command.cpp src/kube/cluster.cpp src/kube/names.cpp
     src/kube/values.cpp)
