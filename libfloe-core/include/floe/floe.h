/* floe/floe.h - umbrella header for programs that embed floe. */
#ifndef FLOE_FLOE_H
#define FLOE_FLOE_H

#include "floe/core.h"
#include "floe/plugin.h"
#include "floe/categories.h"
#include "floe/registry.h"
#include "floe/compile.h"
#include "floe/artifacts.h"
#include "floe/run.h"
#include "floe/tables.h"

#endif /* FLOE_FLOE_H */
