# Runs PROGRAM with ARGS ('|'-separated) in WORK_DIR (created fresh), expects exit 0, then checks
# the SVG file it wrote (SVG, relative to WORK_DIR) with CHECKER (svg_check) for the ELEMENTS
# ('|'-separated: a tag name or class:NAME).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${args} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}\n${out}\n${err}")
endif()
if(NOT EXISTS ${WORK_DIR}/${SVG})
  message(FATAL_ERROR "${PROGRAM} did not write ${SVG} in ${WORK_DIR}\n${out}")
endif()
string(FIND "${out}" "${SVG}" printed)
if(printed EQUAL -1)
  message(FATAL_ERROR "the output does not name ${SVG}:\n${out}")
endif()
string(REPLACE "|" ";" elements "${ELEMENTS}")
execute_process(COMMAND ${CHECKER} ${WORK_DIR}/${SVG} ${elements}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SVG} failed the SVG check:\n${err}")
endif()
