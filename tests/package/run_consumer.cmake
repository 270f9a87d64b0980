# Builds and runs one consumer project (MODE = find_package | add_subdirectory).
# find_package: installs this build of ivcrush into a fresh prefix, then the consumer finds it
# there (and nowhere else: CMAKE_FIND_USE_PACKAGE_REGISTRY and the system paths for ivcrush are
# not consulted because the prefix is the only hint and ivcrush is not installed system-wide).
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(work ${CONSUMER_WORK_DIR}/${MODE})
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})

if(MODE STREQUAL "find_package")
  set(prefix ${work}/prefix)
  run(${CMAKE_COMMAND} --install ${IVCRUSH_BINARY_DIR} --prefix ${prefix})
  if(NOT EXISTS ${prefix}/share/cmake/ivcrush/ivcrushConfig.cmake)
    message(FATAL_ERROR "install did not produce share/cmake/ivcrush/ivcrushConfig.cmake")
  endif()
  run(${CMAKE_COMMAND} -S ${IVCRUSH_SOURCE_DIR}/tests/package/find_package -B ${work}/build
      -G ${CMAKE_GENERATOR} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory")
  run(${CMAKE_COMMAND} -S ${IVCRUSH_SOURCE_DIR}/tests/package/add_subdirectory -B
      ${work}/build -G ${CMAKE_GENERATOR} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DIVCRUSH_SOURCE_DIR=${IVCRUSH_SOURCE_DIR})
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

run(${CMAKE_COMMAND} --build ${work}/build)
run(${work}/build/consumer)
message(STATUS "consumer (${MODE}) printed: ${last_output}")
if(NOT last_output MATCHES "ivcrush 0\\.1\\.0: AAPL 182\\.5 call, credit \\$1,234\\.50")
  message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
