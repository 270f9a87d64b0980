# Runs PROGRAM with ARGS (a ;-list) from WORK_DIR and compares its standard output with GOLDEN.
# To refresh a golden file after an intended change: run the program and review the diff.
execute_process(COMMAND ${PROGRAM} ${ARGS} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}\n${out}\n${err}")
endif()
file(READ ${GOLDEN} expected)
if(NOT out STREQUAL expected)
  get_filename_component(name ${GOLDEN} NAME)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual "${out}")
  message(FATAL_ERROR "output differs from ${GOLDEN}; actual output written to "
                      "${CMAKE_CURRENT_BINARY_DIR}/${name}.actual:\n${out}")
endif()
