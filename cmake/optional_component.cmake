# ivcrush_optional_component(): the optional parts of the package (sqlite, json) are INTERFACE
# targets ivcrush::<name> over a header file set, linking ivcrush::ivcrush and one dependency
# found with find_package. Included by the root CMakeLists.txt after the install rules of
# ivcrush::ivcrush.
#
#   ivcrush_optional_component(<name> OPTION <cache var> DESCRIPTION <text>
#     PACKAGE <find_package name> [VERSION <v>] FOUND_VAR <var> LINK <imported target>
#     DEBIAN <package> HEADERS <files...>)
#
# The cache option is AUTO (default: built when the package is found), ON (required) or OFF.
# When built and installed, the package gains the component <name>: its targets go to
# ivcrush<Name>Targets.cmake, and cmake/ivcrush-<name>.cmake (included by ivcrushConfig.cmake)
# defines ivcrush::<name> for consumers.
function(ivcrush_optional_component name)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
                        "OPTION;DESCRIPTION;PACKAGE;VERSION;FOUND_VAR;LINK;DEBIAN" "HEADERS")
  set(${arg_OPTION} AUTO CACHE STRING "${arg_DESCRIPTION}: AUTO (if ${arg_PACKAGE} is found), ON, OFF")
  set_property(CACHE ${arg_OPTION} PROPERTY STRINGS AUTO ON OFF)
  if(${arg_OPTION} STREQUAL "OFF")
    return()
  elseif(${arg_OPTION} STREQUAL "ON")
    find_package(${arg_PACKAGE} ${arg_VERSION} REQUIRED)
  else()
    find_package(${arg_PACKAGE} ${arg_VERSION} QUIET)
    if(NOT ${arg_FOUND_VAR})
      string(STRIP "${arg_PACKAGE} ${arg_VERSION}" wanted)
      message(STATUS "ivcrush: ${wanted} not found, ivcrush::${name} is not built "
                     "(install ${arg_DEBIAN}, or set ${arg_OPTION}=OFF to silence this)")
      return()
    endif()
  endif()

  string(SUBSTRING "${name}" 0 1 first)
  string(TOUPPER "${first}" first)
  string(SUBSTRING "${name}" 1 -1 rest)
  set(export_set "ivcrush${first}${rest}Targets")

  add_library(ivcrush_${name} INTERFACE)
  add_library(ivcrush::${name} ALIAS ivcrush_${name})
  set_target_properties(ivcrush_${name} PROPERTIES EXPORT_NAME ${name})
  target_link_libraries(ivcrush_${name} INTERFACE ivcrush::ivcrush ${arg_LINK})
  target_sources(ivcrush_${name} INTERFACE FILE_SET HEADERS BASE_DIRS include FILES
                                           ${arg_HEADERS})
  set_target_properties(ivcrush_${name} PROPERTIES VERIFY_INTERFACE_HEADER_SETS
                                                   ${PROJECT_IS_TOP_LEVEL})
  if(IVCRUSH_INSTALL)
    install(TARGETS ivcrush_${name} EXPORT ${export_set} FILE_SET HEADERS)
    install(
      EXPORT ${export_set}
      NAMESPACE ivcrush::
      DESTINATION ${IVCRUSH_CMAKE_DIR})
    install(FILES ${PROJECT_SOURCE_DIR}/cmake/ivcrush-${name}.cmake
            DESTINATION ${IVCRUSH_CMAKE_DIR})
    export(EXPORT ${export_set} NAMESPACE ivcrush:: FILE ${PROJECT_BINARY_DIR}/${export_set}.cmake)
  endif()
endfunction()
