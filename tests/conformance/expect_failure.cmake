# Runs a command that must fail in a controlled way and checks its output.
#
#   cmake -DCOMMAND=<prog>|<arg>|... -DEXIT_CODE=<n> [-DEXPECT1=<regex> ... -DEXPECT20=<regex>]
#         [-DREJECT1=<regex> ...] -P expect_failure.cmake
#
# Passes when the command exits with EXIT_CODE (a crash never does), its
# output matches every EXPECTn and none of the REJECTn. Arguments are
# separated by '|' because ';' would be split by add_test.
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
set(problems "")
if(NOT rc STREQUAL "${EXIT_CODE}")
  string(APPEND problems "\n  exit status was '${rc}', expected ${EXIT_CODE}")
endif()
foreach(i RANGE 1 20)
  if(DEFINED EXPECT${i} AND NOT "${out}${err}" MATCHES "${EXPECT${i}}")
    string(APPEND problems "\n  output lacks /${EXPECT${i}}/")
  endif()
  if(DEFINED REJECT${i} AND "${out}${err}" MATCHES "${REJECT${i}}")
    string(APPEND problems "\n  output has /${REJECT${i}}/")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "unexpected result:${problems}")
endif()
