# Proves that scripts/check-layers fails when it should: on copies of docs/layers.md and
# include/, it plants a wrong include (core -> backtest), then an exception that does not occur.
# Each case looks for its own message rather than a clean baseline, since the real tree may
# have violations of its own, but each requires exit status 1.
# Variables: PYTHON (interpreter), SCRIPT (scripts/check-layers), SOURCE_DIR (the repository),
# WORK_DIR (a scratch directory, emptied first).
cmake_minimum_required(VERSION 3.25)

set(exception_end "<!-- layer-exceptions:end -->")
set(planted "- `include/ivcrush/core/money.hpp` -> `ivcrush/backtest/backtester.hpp`: planted")

# fresh_copy(<dir>): docs/layers.md and include/ of the source tree, copied into <dir>.
function(fresh_copy dir)
  file(REMOVE_RECURSE ${dir})
  file(COPY ${SOURCE_DIR}/docs/layers.md DESTINATION ${dir}/docs)
  file(COPY ${SOURCE_DIR}/include DESTINATION ${dir})
endfunction()

# plant_exception(<dir>): lists ${planted} among the known exceptions of <dir>/docs/layers.md.
function(plant_exception dir)
  file(READ ${dir}/docs/layers.md doc)
  string(FIND "${doc}" "${exception_end}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "docs/layers.md has no '${exception_end}' line")
  endif()
  string(REPLACE "${exception_end}" "${planted}\n${exception_end}" doc "${doc}")
  file(WRITE ${dir}/docs/layers.md "${doc}")
endfunction()

# check(<dir>): runs the script on <dir>; sets `out` (stdout and stderr) and `rc`.
function(check dir)
  execute_process(COMMAND ${PYTHON} ${SCRIPT} --root ${dir} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(out "${out}" PARENT_SCOPE)
  set(rc "${rc}" PARENT_SCOPE)
endfunction()

# expect(<what> <regex>): fails unless the last check exited 1 and printed <regex>.
function(expect what regex)
  if(NOT rc EQUAL 1 OR NOT out MATCHES "${regex}")
    message(FATAL_ERROR "check-layers did not report ${what} (exit ${rc}, expected 1 and a "
                        "line matching '${regex}'):\n${out}")
  endif()
endfunction()

# 1. A core header that includes the backtester.
set(wrong ${WORK_DIR}/wrong_include)
fresh_copy(${wrong})
file(APPEND ${wrong}/include/ivcrush/core/money.hpp "#include \"ivcrush/backtest/backtester.hpp\"\n")
check(${wrong})
expect("the wrong include" "include/ivcrush/core/money\\.hpp:[0-9]+: core may not include backtest")

# 2. The same include listed as a known exception is no longer reported.
plant_exception(${wrong})
check(${wrong})
if(out MATCHES "core/money\\.hpp:[0-9]+: core may not include backtest|stale exception: include/ivcrush/core/money")
  message(FATAL_ERROR "check-layers ignored the exception for the planted include:\n${out}")
endif()

# 3. That exception on the pristine tree, where the include does not occur: a stale exception.
set(stale ${WORK_DIR}/stale_exception)
fresh_copy(${stale})
plant_exception(${stale})
check(${stale})
expect("the stale exception" "docs/layers\\.md:[0-9]+: stale exception: include/ivcrush/core/money\\.hpp -> ivcrush/backtest/backtester\\.hpp")

message(STATUS "check-layers caught the wrong include and the stale exception")
