# Dev-only strictness for ivcrush's own tests, examples, benchmarks and header checks. Included
# only when ivcrush is the top-level project; nothing here reaches ivcrush::ivcrush or consumers.
set(IVCRUSH_DEV_WARNINGS
    -Wall
    -Wextra
    -Wpedantic
    -Wshadow
    -Wconversion
    -Wsign-conversion
    -Wold-style-cast
    -Wnon-virtual-dtor
    -Wnull-dereference
    # Options structs are filled with designated initializers that name only what differs from
    # the defaults (style.md habit 3); g++ 12 warns about every member left to its default.
    -Wno-missing-field-initializers)
option(IVCRUSH_WERROR "Treat warnings as errors in ivcrush's own targets" ON)
if(IVCRUSH_WERROR)
  list(APPEND IVCRUSH_DEV_WARNINGS -Werror)
endif()

add_library(ivcrush_dev_flags INTERFACE)
target_compile_options(ivcrush_dev_flags INTERFACE ${IVCRUSH_DEV_WARNINGS})

# The per-header verification targets that VERIFY_INTERFACE_HEADER_SETS generates in this
# directory get the same warnings, so "every header compiles alone" also means "warning-free".
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY COMPILE_OPTIONS ${IVCRUSH_DEV_WARNINGS})
