# Installed beside ivcrushConfig.cmake when ivcrush::sqlite was built; included by it. The
# component "sqlite" is optional in two ways:
# - find_package(ivcrush COMPONENTS sqlite) (or REQUIRED COMPONENTS sqlite) requires SQLite3:
#   find_dependency(SQLite3) must succeed, otherwise ivcrush is reported not found with the
#   reason, as for any missing dependency.
# - find_package(ivcrush) without the component never fails because of SQLite: if SQLite3 is
#   found quietly, ivcrush::sqlite is defined anyway; if not, it simply does not exist.
# A package installed without the adapter has no such file: the component is then reported
# missing (ivcrush_sqlite_FOUND is false) by check_required_components.
if("sqlite" IN_LIST ivcrush_FIND_COMPONENTS)
  find_dependency(SQLite3)
else()
  find_package(SQLite3 QUIET)
endif()
if(SQLite3_FOUND)
  include("${CMAKE_CURRENT_LIST_DIR}/ivcrushSqliteTargets.cmake")
  set(ivcrush_sqlite_FOUND TRUE)
endif()
