# Runs PROGRAM with ARGS ('|'-separated) in WORK_DIR and checks its exit code (EXPECT_RC) and
# that its standard error matches the regular expression EXPECT (usage errors must explain
# themselves).
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${args} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL EXPECT_RC)
  message(FATAL_ERROR "${PROGRAM} ${ARGS}: exit ${rc}, expected ${EXPECT_RC}\n${out}\n${err}")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "${PROGRAM} ${ARGS}: standard error does not match '${EXPECT}':\n${err}")
endif()
