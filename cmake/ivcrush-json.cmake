# Installed beside ivcrushConfig.cmake when ivcrush::json was built; included by it. The
# component "json" is optional in two ways:
# - find_package(ivcrush COMPONENTS json) (or REQUIRED COMPONENTS json) requires nlohmann_json 3:
#   find_dependency(nlohmann_json 3) must succeed, otherwise ivcrush is reported not found with
#   the reason, as for any missing dependency.
# - find_package(ivcrush) without the component never fails because of JSON: if nlohmann_json is
#   found quietly, ivcrush::json is defined anyway; if not, it simply does not exist.
# A package installed without it has no such file: the component is then reported missing
# (ivcrush_json_FOUND is false) by check_required_components.
if("json" IN_LIST ivcrush_FIND_COMPONENTS)
  find_dependency(nlohmann_json 3)
else()
  find_package(nlohmann_json 3 QUIET)
endif()
if(nlohmann_json_FOUND)
  include("${CMAKE_CURRENT_LIST_DIR}/ivcrushJsonTargets.cmake")
  set(ivcrush_json_FOUND TRUE)
endif()
