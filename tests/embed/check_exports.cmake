# Checks that libdossier exports its API and nothing else: every dynamic
# symbol it defines belongs to namespace dossier, and none of the internal
# units (text normalisation, the codec, alias expansion, ranking) shows.
#   cmake -DLIBRARY=<libdossier.so> -DNM=<nm> -P check_exports.cmake
execute_process(COMMAND ${NM} -D -C --defined-only ${LIBRARY}
  OUTPUT_VARIABLE out RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(count 0)
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "^[0-9a-f]* [A-Za-z] " "" symbol "${line}")
  if(NOT symbol MATCHES "^(dossier::|typeinfo for dossier::|typeinfo name for dossier::|vtable for dossier::)")
    message(FATAL_ERROR "libdossier exports a symbol outside its API: ${symbol}")
  endif()
  foreach(internal clean_text index_form encode_document_data decode_document_data id_term
                   expand_aliases resolve_entities rewrite_query_text smooth_scores Gazetteer
                   PassageFinder compress decompress detect_metadata json_line)
    if(symbol MATCHES "dossier::${internal}[(<]" OR symbol MATCHES "dossier::${internal}::")
      message(FATAL_ERROR "libdossier exports an internal symbol: ${symbol}")
    endif()
  endforeach()
  math(EXPR count "${count} + 1")
endforeach()
if(count LESS 20)
  message(FATAL_ERROR "libdossier exports only ${count} symbols: is the API missing?")
endif()
message(STATUS "libdossier exports ${count} symbols, all of its API")
