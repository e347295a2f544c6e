# CPACK_PRE_BUILD_SCRIPTS (cmake/packaging.cmake): set the time of every
# staged file to SOURCE_DATE_EPOCH, for reproducible packages.
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH})
  return()
endif()
execute_process(
  COMMAND find "${CPACK_TEMPORARY_INSTALL_DIRECTORY}" -exec touch -h -d "@$ENV{SOURCE_DATE_EPOCH}" {} +
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot set the time of the staged files")
endif()
