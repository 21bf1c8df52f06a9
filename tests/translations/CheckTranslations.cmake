# Runs lupdate over the app's sources into a copy of the German .ts and fails when a string is new (not in
# the committed file) or unfinished (not translated). Called by the Translations.GermanIsComplete test.
file(MAKE_DIRECTORY "${WORK_DIR}")
set(copy "${WORK_DIR}/countersign_de.ts")
file(COPY_FILE "${TS}" "${copy}")
file(GLOB_RECURSE sources "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/core/client/*.cpp" "${SOURCE_DIR}/app/desktop/*.cpp")
execute_process(COMMAND "${LUPDATE}" -no-obsolete -locations none ${sources} -ts "${copy}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed: ${err}")
endif()
file(READ "${copy}" content)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\r\t]*<translation type=\"unfinished\"" unfinished "${content}")
list(LENGTH unfinished count)
if(count GREATER 0)
    string(REPLACE "<translation type=\"unfinished\"" "" unfinished "${unfinished}")
    message(FATAL_ERROR "${count} German strings are missing (run the countersign_ui_lupdate target, then translate them in translations/countersign_de.ts):\n${unfinished}")
endif()
message(STATUS "every German string is translated")
