# Warning flags shared by every target of the project.
add_library(layer_warnings INTERFACE)
# -Wshadow=local is GCC's spelling; clang (the fuzz build) has no such option.
target_compile_options(layer_warnings INTERFACE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
                                                $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                                                $<$<BOOL:${LAYER_WERROR}>:-Werror>)

# layer_library(NAME <dir-name> SOURCES ...): a static library with public
# headers under include/, exported as layer::<name>.
function(layer_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(layer_${name} STATIC ${ARG_SOURCES})
  add_library(layer::${name} ALIAS layer_${name})
  set_target_properties(layer_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME layer_${name})
  target_include_directories(layer_${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                                                  $<INSTALL_INTERFACE:include>)
  target_compile_features(layer_${name} PUBLIC cxx_std_20)
  target_link_libraries(layer_${name} PRIVATE $<BUILD_INTERFACE:layer_warnings>)
endfunction()
