# Packaging: `cpack` in the build directory makes
#   cisharden_<version>_<arch>.deb            (installs under /usr)
#   cisharden-<version>-Linux-<arch>.tar.gz   (relocatable: sbin/, share/)
# Both hold the binary, the profiles and the man page cisharden(8). The
# EC2 Image Builder component (imagebuilder/) installs the .tar.gz and the
# Ansible role (ansible/) installs the .deb. Included at the end of
# CMakeLists.txt, after the install() rules of the binary and profiles.

include(GNUInstallDirs)

# The man page, compressed as Debian policy wants (-n: no name or time
# stamp in the gzip header, so the package is reproducible).
set(_cisharden_man ${CMAKE_CURRENT_BINARY_DIR}/cisharden.8.gz)
add_custom_command(OUTPUT ${_cisharden_man}
	COMMAND gzip -9n -c ${CMAKE_CURRENT_SOURCE_DIR}/man/cisharden.8 > ${_cisharden_man}
	DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/man/cisharden.8
	COMMENT "Compressing the man page")
add_custom_target(cisharden_man ALL DEPENDS ${_cisharden_man})
install(FILES ${_cisharden_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)

set(CISHARDEN_MAINTAINER "cisharden maintainers <cisharden@example.org>"
	CACHE STRING "Maintainer field of the .deb")
set(CPACK_PACKAGE_NAME cisharden)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "cisharden")
set(CPACK_PACKAGE_CONTACT "${CISHARDEN_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
	"apply and verify the CIS Docker Benchmark v1.5.0, sections 1-3")
set(CPACK_PACKAGE_DESCRIPTION "cisharden plans, applies and verifies the host-level controls of the
CIS Docker Benchmark v1.5.0: audit rules for Docker's files, the Docker
daemon configuration, and the owners and modes of Docker's files. It shows
unified diffs in dry-run mode, backs up every file it changes and can
restore them, and can act on an offline image tree with --root.")
set(CPACK_GENERATOR "DEB;TGZ")
# A release artifact must not carry the build machine's debug info.
set(CPACK_STRIP_FILES TRUE)
set(CPACK_SOURCE_GENERATOR "")

# .tar.gz: one top directory, cisharden-<version>-Linux-<arch>/, holding
# sbin/cisharden, share/cisharden/profiles/*.yaml, share/man/man8/cisharden.8.gz.
# Consumers extract it with --strip-components=1 into a prefix of their
# choice (the Image Builder component uses /opt/cisharden).
execute_process(COMMAND uname -m OUTPUT_VARIABLE _cisharden_machine
	OUTPUT_STRIP_TRAILING_WHITESPACE)
set(CPACK_PACKAGE_FILE_NAME
	"${CPACK_PACKAGE_NAME}-${CPACK_PACKAGE_VERSION}-Linux-${_cisharden_machine}")
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

# .deb: installs under /usr (CPack's default for DEB), named the Debian way.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries the binary links (Debian 12 package names): the
# binary needs nothing else at run time; auditd and docker are what it
# configures, not what it needs to start.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libyaml-0-2, libcjson1, libaudit1, libcurl4")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "auditd, docker.io | docker-ce")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
