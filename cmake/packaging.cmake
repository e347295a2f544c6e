# Packaging: `cpack` in the build directory makes
#   cisharden_<version>_<debarch>.deb              (installs under /usr)
#   cisharden-<version>-1.<arch>.rpm               (installs under /usr)
#   cisharden-<version>-Linux-<arch>.tar.gz        (relocatable: sbin/, share/)
# All three hold the binary, the profiles, the man page cisharden(8), the
# licence (LICENSE, Apache-2.0) and a Debian-style copyright file. From the
# static build (tools/build-static.sh) they depend on nothing; from a
# dynamic build the .deb depends on Debian 12's libraries and rpmbuild
# finds the .rpm's. The EC2 Image Builder component (imagebuilder/)
# installs the static binary, the Ansible role (ansible/) any of the three.
# Included at the end of CMakeLists.txt, after the install() rules of the
# binary and profiles.

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
# The licence, where Debian and Fedora look for it.
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/packaging/copyright
	DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cisharden)

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
set(CPACK_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR "DEB;RPM;TGZ")
# A release artifact must not carry the build machine's debug info.
set(CPACK_STRIP_FILES TRUE)
set(CPACK_SOURCE_GENERATOR "")

# .tar.gz: one top directory, cisharden-<version>-Linux-<arch>/, holding
# sbin/cisharden, share/cisharden/profiles/*.yaml, share/man/man8/cisharden.8.gz.
# Consumers extract it with --strip-components=1 into a prefix of their
# choice (the Image Builder component uses /opt/cisharden).
# (CISHARDEN_ARCH: the target's machine name, aarch64 when cross-building.)
set(CPACK_PACKAGE_FILE_NAME
	"${CPACK_PACKAGE_NAME}-${CPACK_PACKAGE_VERSION}-Linux-${CISHARDEN_ARCH}")
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

# .deb: installs under /usr (CPack's default for DEB), named the Debian way.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# A dynamic build depends on the shared libraries it links (Debian 12
# package names), the static one on nothing; auditd and docker are what it
# configures, not what it needs to start.
if(CISHARDEN_STATIC)
	set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
else()
	set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libyaml-0-2, libcjson1, libaudit1, libcurl4")
endif()
set(CISHARDEN_DEB_ARCH "" CACHE STRING "Architecture of the .deb (default: dpkg's)")
if(CISHARDEN_DEB_ARCH)
	set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${CISHARDEN_DEB_ARCH})
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "auditd, docker.io | docker-ce")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# .rpm: the same files under /usr. rpmbuild lists the shared libraries of a
# dynamic build in Requires by itself (none for the static one); the
# directories it would otherwise claim belong to the filesystem package.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_ARCHITECTURE ${CISHARDEN_ARCH})
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_SUGGESTS "audit")
set(CPACK_RPM_PACKAGE_AUTOREQPROV ON)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
if(NOT CISHARDEN_STATIC)
	# dlopen()ed, so rpmbuild cannot see it (the .deb says libcurl4).
	set(CPACK_RPM_PACKAGE_REQUIRES "libcurl")
endif()
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
	/usr/sbin /usr/share/man /usr/share/man/man8 /usr/share/doc)
# Reproducible: the build time and host rpmbuild records otherwise.
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _buildhost reproducible
%define use_source_date_epoch_as_buildtime 1
%define clamp_mtime_to_source_date_epoch 1
%define _build_id_links none")

# Every staged file gets the time SOURCE_DATE_EPOCH (when set, as
# tools/build-static.sh does), so the .tar.gz and .deb do not record when
# they were built.
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/cpack-mtime.cmake)

include(CPack)
