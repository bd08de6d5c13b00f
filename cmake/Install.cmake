# Packaging: `cmake --install BUILD --prefix P` puts in P
#   include/petrel/*.h, include/wasm.h, include/petrel.h   the public API
#   lib/libpetrel.a      one static archive: core, WASI, hardware APIs, C++ API, C API
#   lib/libpetrel.so     the same as a shared library
#   lib/cmake/Petrel/    find_package(Petrel): Petrel::petrel (shared),
#                        Petrel::petrel_static
#   lib/pkgconfig/petrel.pc
# Only the public headers are installed; src/ stays private.

set(PETREL_PACKAGED_LIBS petrel_core petrel_wasi petrel_hw petrel_api)
if(TARGET petrel_capi)
  list(PREPEND PETREL_PACKAGED_LIBS petrel_capi)
endif()
foreach(lib ${PETREL_PACKAGED_LIBS})
  # Position-independent, so the same objects make the shared library.
  set_target_properties(${lib} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endforeach()

# One static archive from the layered ones (GNU ar's MRI script), so users
# link one file.
set(PETREL_MRI "${CMAKE_BINARY_DIR}/libpetrel.mri")
set(mri "create ${CMAKE_BINARY_DIR}/libpetrel.a\n")
foreach(lib ${PETREL_PACKAGED_LIBS})
  string(APPEND mri "addlib $<TARGET_FILE:${lib}>\n")
endforeach()
string(APPEND mri "save\nend\n")
file(GENERATE OUTPUT "${PETREL_MRI}" CONTENT "${mri}")
add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/libpetrel.a"
  COMMAND ${CMAKE_COMMAND} -E rm -f "${CMAKE_BINARY_DIR}/libpetrel.a"
  COMMAND ${CMAKE_AR} -M < "${PETREL_MRI}"
  DEPENDS ${PETREL_PACKAGED_LIBS} "${PETREL_MRI}"
  COMMENT "Combining the Petrel libraries into libpetrel.a")
add_custom_target(petrel_static_archive ALL DEPENDS "${CMAKE_BINARY_DIR}/libpetrel.a")

add_library(petrel_shared SHARED cmake/empty.cpp)
set_target_properties(petrel_shared PROPERTIES OUTPUT_NAME petrel VERSION ${PROJECT_VERSION}
                      SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
# Every object of the layered archives goes in (--whole-archive), not only
# those something in the (empty) shared object's own code refers to.
set(whole "")
foreach(lib ${PETREL_PACKAGED_LIBS})
  list(APPEND whole "$<TARGET_FILE:${lib}>")
endforeach()
add_dependencies(petrel_shared ${PETREL_PACKAGED_LIBS})
target_link_libraries(petrel_shared PRIVATE -Wl,--whole-archive ${whole} -Wl,--no-whole-archive)
set_property(TARGET petrel_shared APPEND PROPERTY LINK_DEPENDS ${whole})
target_link_options(petrel_shared PRIVATE -Wl,--no-undefined)

include(GNUInstallDirs)
install(DIRECTORY include/petrel DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(header wasm.h petrel.h)
  if(EXISTS "${PROJECT_SOURCE_DIR}/include/${header}")
    install(FILES include/${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
endforeach()
install(FILES "${CMAKE_BINARY_DIR}/libpetrel.a" DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS petrel_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})

include(CMakePackageConfigHelpers)
configure_package_config_file(cmake/PetrelConfig.cmake.in "${CMAKE_BINARY_DIR}/PetrelConfig.cmake"
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Petrel
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file("${CMAKE_BINARY_DIR}/PetrelConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/PetrelConfig.cmake" "${CMAKE_BINARY_DIR}/PetrelConfigVersion.cmake"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Petrel)
configure_file(cmake/petrel.pc.in "${CMAKE_BINARY_DIR}/petrel.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/petrel.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(TARGETS petrel RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
