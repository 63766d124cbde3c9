# Installs the current build into a fresh prefix, then builds and runs the
# consumer projects against it: one through find_package(dossier), one through
# pkg-config. Run as
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P run_consumers.cmake

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumers.cmake: ${var} not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${status}): ${command}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB_RECURSE config_files RELATIVE ${prefix} ${prefix}/*/cmake/dossier/*.cmake)
file(GLOB_RECURSE pc_files RELATIVE ${prefix} ${prefix}/*/pkgconfig/dossier.pc)
foreach(expected
    include/dossier/dossier.h include/dossier/searcher.h include/dossier/request.h include/dossier/version.h
    bin/dossier-index bin/dossier-search)
  if(NOT EXISTS ${prefix}/${expected})
    message(FATAL_ERROR "not installed: ${expected}")
  endif()
endforeach()
foreach(expected dossierConfig.cmake dossierConfigVersion.cmake dossierTargets.cmake)
  if(NOT config_files MATCHES "cmake/dossier/${expected}")
    message(FATAL_ERROR "not installed: lib/cmake/dossier/${expected} (found: ${config_files})")
  endif()
endforeach()
if(NOT pc_files)
  message(FATAL_ERROR "not installed: lib/pkgconfig/dossier.pc")
endif()
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir ${prefix}/${pc_file} DIRECTORY)

# The installed tools run from the prefix (their RPATH finds the library).
run(${prefix}/bin/dossier-search --version)
if(NOT run_output MATCHES "^dossier-search [0-9]")
  message(FATAL_ERROR "installed dossier-search --version printed: ${run_output}")
endif()

# find_package(dossier) -> dossier::dossier
set(cmake_build ${WORK_DIR}/cmake-consumer)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/embed/cmake -B ${cmake_build}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${cmake_build})
run(${cmake_build}/consumer ${WORK_DIR}/cmake-consumer.db)
message(STATUS "find_package consumer: ${run_output}")

# pkg-config dossier
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
run(make -s -f ${SOURCE_DIR}/tests/embed/pkgconfig/Makefile OUT=${WORK_DIR}/pc-consumer)
run(${WORK_DIR}/pc-consumer ${WORK_DIR}/pc-consumer.db)
message(STATUS "pkg-config consumer: ${run_output}")

# The example programs, built on their own against the installed package.
set(examples_build ${WORK_DIR}/examples)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${examples_build}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${examples_build})
run(${examples_build}/search_example ${WORK_DIR}/search-example.db)
message(STATUS "search_example: ${run_output}")
run(${examples_build}/threads_example ${WORK_DIR}/threads-example.db)
if(NOT run_output MATCHES "reader errors: 0")
  message(FATAL_ERROR "installed threads_example printed: ${run_output}")
endif()
message(STATUS "threads_example: ${run_output}")

# The example programs, built on their own against the installed package.
set(examples_build ${WORK_DIR}/examples)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${examples_build}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${examples_build})
run(${examples_build}/search_example ${WORK_DIR}/search-example.db)
message(STATUS "search_example: ${run_output}")
run(${examples_build}/threads_example ${WORK_DIR}/threads-example.db)
if(NOT run_output MATCHES "reader errors: 0")
  message(FATAL_ERROR "installed threads_example printed: ${run_output}")
endif()
message(STATUS "threads_example: ${run_output}")

file(REMOVE_RECURSE ${WORK_DIR})
