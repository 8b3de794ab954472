# Installable package: find_package(retort CONFIG) and pkg-config retort-engine.
include(CMakePackageConfigHelpers)

install(TARGETS retort_engine retort_migrations retort_cli EXPORT retortTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS retort RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/retort DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/migrations/include/retort DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/cli/include/retort DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT retortTargets NAMESPACE retort:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retortConfig.cmake.in
  ${PROJECT_BINARY_DIR}/retortConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/retortConfig.cmake ${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)

file(RELATIVE_PATH RETORT_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/retort-engine.pc.in
               ${PROJECT_BINARY_DIR}/retort-engine.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/retort-engine.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
