# The optional SQLite adapter: an INTERFACE target ivcrush::sqlite (headers under
# include/ivcrush/adapters/sqlite/) linking ivcrush::ivcrush and SQLite::SQLite3 (CMake's
# FindSQLite3; Debian: libsqlite3-dev). Included by the root CMakeLists.txt after the install
# rules of ivcrush::ivcrush.
#
# IVCRUSH_WITH_SQLITE: AUTO (default) builds it when SQLite3 is found, ON requires it, OFF
# leaves it out. When built and installed, the package gains a component "sqlite": its targets
# go to ivcrushSqliteTargets.cmake and ivcrush-sqlite.cmake (included by ivcrushConfig.cmake)
# defines ivcrush::sqlite as described there.
set(IVCRUSH_WITH_SQLITE AUTO CACHE STRING
    "Build the SQLite storage adapter ivcrush::sqlite: AUTO (if SQLite3 is found), ON, OFF")
set_property(CACHE IVCRUSH_WITH_SQLITE PROPERTY STRINGS AUTO ON OFF)

set(IVCRUSH_SQLITE_HEADERS
    include/ivcrush/adapters/sqlite/sqlite.hpp
    include/ivcrush/adapters/sqlite/database.hpp
    include/ivcrush/adapters/sqlite/statement.hpp
    include/ivcrush/adapters/sqlite/schema.hpp
    include/ivcrush/adapters/sqlite/migrations.hpp
    include/ivcrush/adapters/sqlite/pool.hpp
    include/ivcrush/adapters/sqlite/sqlite_storage.hpp
    include/ivcrush/adapters/sqlite/sqlite_cache.hpp
    include/ivcrush/adapters/sqlite/sqlite_backtest_store.hpp)

if(IVCRUSH_WITH_SQLITE STREQUAL "OFF")
  return()
elseif(IVCRUSH_WITH_SQLITE STREQUAL "ON")
  find_package(SQLite3 REQUIRED)
else()
  find_package(SQLite3 QUIET)
  if(NOT SQLite3_FOUND)
    message(STATUS "ivcrush: SQLite3 not found, ivcrush::sqlite is not built "
                   "(install libsqlite3-dev, or set IVCRUSH_WITH_SQLITE=OFF to silence this)")
    return()
  endif()
endif()

add_library(ivcrush_sqlite INTERFACE)
add_library(ivcrush::sqlite ALIAS ivcrush_sqlite)
set_target_properties(ivcrush_sqlite PROPERTIES EXPORT_NAME sqlite)
target_link_libraries(ivcrush_sqlite INTERFACE ivcrush::ivcrush SQLite::SQLite3)
target_sources(ivcrush_sqlite INTERFACE FILE_SET HEADERS BASE_DIRS include FILES
                                        ${IVCRUSH_SQLITE_HEADERS})
set_target_properties(ivcrush_sqlite PROPERTIES VERIFY_INTERFACE_HEADER_SETS
                                                ${PROJECT_IS_TOP_LEVEL})

if(IVCRUSH_INSTALL)
  install(TARGETS ivcrush_sqlite EXPORT ivcrushSqliteTargets FILE_SET HEADERS)
  install(
    EXPORT ivcrushSqliteTargets
    NAMESPACE ivcrush::
    DESTINATION ${IVCRUSH_CMAKE_DIR})
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/ivcrush-sqlite.cmake DESTINATION ${IVCRUSH_CMAKE_DIR})
  export(EXPORT ivcrushSqliteTargets NAMESPACE ivcrush::
         FILE ${PROJECT_BINARY_DIR}/ivcrushSqliteTargets.cmake)
endif()
