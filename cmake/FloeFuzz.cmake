# FLOE_FUZZ=ON: the libFuzzer targets of tests/fuzz (scripts/fuzz configures,
# builds and runs them). libFuzzer ships with clang, so this build needs
# clang (Debian 12: `apt-get install clang`, which brings libclang-rt-14-dev;
# scripts/fuzz installs it through scripts/bootstrap).
#
# Every object of this build is instrumented for coverage (fuzzer-no-link)
# and built with ASan + UBSan, so a run finds memory errors, undefined
# behaviour and stack overflows in the parsers, not only plain crashes. Only
# the fuzz targets are meant to be built here (`--target floe_fuzzers`).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "FLOE_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++, as scripts/fuzz does")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
add_link_options(-fsanitize=address,undefined)
