# Runs ivcrush-db (PROGRAM) through status, migrate, rollback, create and two errors on a fresh
# database in WORK_DIR (under the build directory) and compares the transcript with GOLDEN.
# Steps are '|'-separated argument lists. applied_at depends on the clock, so the transcript
# shows status only when nothing is applied.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(steps
    "db.sqlite|status"
    "db.sqlite|migrate|3"
    "db.sqlite|migrate"
    "db.sqlite|rollback|0"
    "db.sqlite|status"
    "db.sqlite|rollback|9"
    "db.sqlite|migrate|x"
    "create|add_sector_index"
    "create|add_sector_index")
set(transcript "")
foreach(step IN LISTS steps)
  string(REPLACE "|" ";" args "${step}")
  string(REPLACE "|" " " shown "${step}")
  execute_process(COMMAND ${PROGRAM} ${args} WORKING_DIRECTORY ${WORK_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(APPEND transcript "$ ivcrush-db ${shown}\n${out}${err}[exit ${rc}]\n")
endforeach()
# The skeleton's number is the next version, which grows with the schema.
file(GLOB created_file RELATIVE ${WORK_DIR} ${WORK_DIR}/migration_*_add_sector_index.hpp)
file(READ ${WORK_DIR}/${created_file} created)
string(APPEND transcript "--- ${created_file}\n${created}")
file(READ ${GOLDEN} expected)
if(NOT transcript STREQUAL expected)
  get_filename_component(name ${GOLDEN} NAME)
  file(WRITE ${WORK_DIR}/${name}.actual "${transcript}")
  message(FATAL_ERROR "output differs from ${GOLDEN}; actual output written to "
                      "${WORK_DIR}/${name}.actual:\n${transcript}")
endif()
