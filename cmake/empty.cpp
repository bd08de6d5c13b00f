// Nothing: libpetrel.so is made of the Petrel libraries linked whole (cmake/Install.cmake).
