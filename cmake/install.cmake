# Install rules and the exported package of libdossier, included from the
# top-level CMakeLists.txt after every target exists.

include(CMakePackageConfigHelpers)

set(DOSSIER_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dossier)

# Dependencies the package config must find for the consumer: the public
# interface needs Xapian; a static libdossier also needs its private ones.
get_target_property(DOSSIER_LIBRARY_TYPE dossier TYPE)
if(DOSSIER_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(DOSSIER_STATIC ON)
  set(DOSSIER_PC_REQUIRES_PRIVATE "zlib yaml-cpp gumbo poppler-cpp libarchive libxml-2.0 tesseract libexttextcat")
else()
  set(DOSSIER_STATIC OFF)
  set(DOSSIER_PC_REQUIRES_PRIVATE "")
endif()

# The build tree is usable as a package too:
#   cmake -Ddossier_DIR=<build dir> ...
export(TARGETS dossier NAMESPACE dossier:: FILE ${PROJECT_BINARY_DIR}/dossierTargets.cmake)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/dossierConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dossierConfig.cmake
  INSTALL_DESTINATION ${DOSSIER_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/dossierConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  # Before 1.0 a new minor version may change the API.
  COMPATIBILITY SameMinorVersion)

# pkg-config: the prefix is found relative to the .pc file itself, so that
# `cmake --install --prefix P` (or moving the tree) needs no reconfiguration.
file(RELATIVE_PATH DOSSIER_PC_TO_PREFIX
  "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" DOSSIER_PC_TO_PREFIX "${DOSSIER_PC_TO_PREFIX}")
set(DOSSIER_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
set(DOSSIER_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(DOSSIER_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(DOSSIER_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/dossier.pc.in ${PROJECT_BINARY_DIR}/dossier.pc @ONLY)

# Man pages, when pandoc is there to build them.
find_program(DOSSIER_PANDOC pandoc)
set(DOSSIER_MAN_PAGES)
if(DOSSIER_PANDOC AND DOSSIER_BUILD_TOOLS)
  foreach(page dossier-index.1 dossier-search.1 dossier-serve.1)
    add_custom_command(
      OUTPUT ${PROJECT_BINARY_DIR}/man/${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${DOSSIER_PANDOC} -s -f markdown-smart -t man
              -o ${PROJECT_BINARY_DIR}/man/${page} ${PROJECT_SOURCE_DIR}/docs/${page}.md
      DEPENDS ${PROJECT_SOURCE_DIR}/docs/${page}.md
      COMMENT "Building man page ${page}")
    list(APPEND DOSSIER_MAN_PAGES ${PROJECT_BINARY_DIR}/man/${page})
  endforeach()
  add_custom_target(dossier-man ALL DEPENDS ${DOSSIER_MAN_PAGES})
endif()

if(DOSSIER_INSTALL)
  install(TARGETS dossier EXPORT dossierTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  # The public headers of the three folders make one include/dossier/.
  foreach(side common indexer searcher)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${side}/include/dossier
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
      FILES_MATCHING PATTERN "*.h")
  endforeach()
  install(FILES ${PROJECT_BINARY_DIR}/generated/include/dossier/version.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dossier)
  install(EXPORT dossierTargets NAMESPACE dossier:: DESTINATION ${DOSSIER_CMAKE_DIR})
  install(FILES
    ${PROJECT_BINARY_DIR}/dossierConfig.cmake
    ${PROJECT_BINARY_DIR}/dossierConfigVersion.cmake
    DESTINATION ${DOSSIER_CMAKE_DIR})
  install(FILES ${PROJECT_BINARY_DIR}/dossier.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  # The gazetteer is compiled into the library; the file is installed as
  # its documentation and as a starting point for one's own.
  install(FILES ${PROJECT_SOURCE_DIR}/data/gazetteer.tsv DESTINATION ${CMAKE_INSTALL_DATADIR}/dossier)
  if(DOSSIER_BUILD_TOOLS)
    install(TARGETS dossier-index dossier-search dossier-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    if(DOSSIER_MAN_PAGES)
      install(FILES ${DOSSIER_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    endif()
  endif()
endif()
