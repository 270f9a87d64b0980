# The optional Python bindings (python/): the extension module ivcrush._ivcrush built with
# pybind11 against the interpreter found here, plus the pure-Python package around it.
# Included by the root CMakeLists.txt.
#
# IVCRUSH_BUILD_PYTHON: AUTO (default: built when Python 3 with its development files and numpy,
# and pybind11 are found), ON (required: configuring fails when one is missing) or OFF.
# The interpreter: Python3_EXECUTABLE when given, else /usr/bin/python3 when it exists (the
# distribution's interpreter, the one that has python3-numpy; a pyenv or virtualenv python3
# first on PATH usually has neither numpy nor a matching pybind11), else CMake's search.
set(IVCRUSH_BUILD_PYTHON AUTO CACHE STRING
    "Build the Python bindings ivcrush._ivcrush: AUTO (if pybind11, Python 3 dev files and numpy are found), ON, OFF")
set_property(CACHE IVCRUSH_BUILD_PYTHON PROPERTY STRINGS AUTO ON OFF)
if(NOT IVCRUSH_BUILD_PYTHON MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "IVCRUSH_BUILD_PYTHON must be AUTO, ON or OFF, not '${IVCRUSH_BUILD_PYTHON}'")
endif()
if(IVCRUSH_BUILD_PYTHON STREQUAL "OFF")
  return()
endif()

# Reports a missing dependency: fatal when the bindings were asked for, a status line otherwise.
function(_ivcrush_python_missing what)
  set(hint "install the Debian packages pybind11-dev python3-dev python3-numpy, e.g. with "
           "scripts/install-python")
  if(IVCRUSH_BUILD_PYTHON STREQUAL "ON")
    message(FATAL_ERROR "ivcrush: IVCRUSH_BUILD_PYTHON=ON but ${what}: " ${hint})
  endif()
  message(STATUS "ivcrush: ${what}, the Python bindings are not built (" ${hint}
                 ", or set IVCRUSH_BUILD_PYTHON=OFF to silence this)")
endfunction()

if(NOT Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter for the ivcrush bindings")
endif()
find_package(Python3 3.8 QUIET COMPONENTS Interpreter Development.Module NumPy)
if(NOT Python3_Interpreter_FOUND)
  _ivcrush_python_missing("no Python 3 interpreter was found")
  return()
elseif(NOT Python3_Development.Module_FOUND)
  _ivcrush_python_missing("the development files of ${Python3_EXECUTABLE} (Python.h) were not found")
  return()
elseif(NOT Python3_NumPy_FOUND)
  _ivcrush_python_missing("numpy is not importable by ${Python3_EXECUTABLE}")
  return()
endif()

# pybind11 in its FindPython mode, reusing the Python3 found above (its classic mode would
# search for an interpreter again, and fail hard when it finds none).
set(PYBIND11_FINDPYTHON ON)
find_package(pybind11 2.6 CONFIG QUIET)
if(NOT pybind11_FOUND)
  _ivcrush_python_missing("pybind11 (CMake package pybind11Config.cmake) was not found")
  return()
endif()

# Where `cmake --install <build> --component python` puts the package: the interpreter's
# platlib (Debian: /usr/local/lib/python3.11/dist-packages), relative to CMAKE_INSTALL_PREFIX
# when it lies under it, so that `--prefix` relocates it like everything else.
if(NOT DEFINED IVCRUSH_PYTHON_INSTALL_DIR)
  execute_process(
    COMMAND "${Python3_EXECUTABLE}" -c "import sysconfig; print(sysconfig.get_path('platlib'))"
    OUTPUT_VARIABLE _ivcrush_platlib OUTPUT_STRIP_TRAILING_WHITESPACE)
  cmake_path(IS_PREFIX CMAKE_INSTALL_PREFIX "${_ivcrush_platlib}" NORMALIZE _ivcrush_under)
  if(_ivcrush_under)
    cmake_path(RELATIVE_PATH _ivcrush_platlib BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}")
  endif()
  set(IVCRUSH_PYTHON_INSTALL_DIR "${_ivcrush_platlib}" CACHE PATH
      "Directory (absolute, or relative to CMAKE_INSTALL_PREFIX) the ivcrush Python package is installed into")
endif()

message(STATUS "ivcrush: Python bindings for ${Python3_EXECUTABLE} (${Python3_VERSION}, "
               "numpy ${Python3_NumPy_VERSION}, pybind11 ${pybind11_VERSION}), installed into "
               "${IVCRUSH_PYTHON_INSTALL_DIR}")
add_subdirectory(python)
