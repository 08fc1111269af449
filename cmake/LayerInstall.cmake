# Installs headers, static libraries and a CMake package, so that a user's
# project can do find_package(layer CONFIG REQUIRED) and link layer::<lib>.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LAYER_INSTALLED_LIBS tl_parser tl_types crypto mtproto mtproto_server client fakedc_layers fakedc)
foreach(lib IN LISTS LAYER_INSTALLED_LIBS)
  install(TARGETS layer_${lib} EXPORT layerTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
foreach(dir tl-parser tl-types crypto mtproto client tests/fakedc)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${LAYER_GENERATED_INCLUDE_DIR}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The fake DC server, for users' bot tests and offline development.
install(TARGETS fakedc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT layerTargets NAMESPACE layer:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/layer)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/layerConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/layerConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/layer)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/layerConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/layerConfig.cmake ${PROJECT_BINARY_DIR}/layerConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/layer)
