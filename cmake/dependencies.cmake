# Every dependency comes from a Debian 12 package (see scripts/lib/deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(AV REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(prometheus-cpp REQUIRED)  # /metrics: core for the server, pull (a listener) for the transcoder

# Connector/C++ 1.1 ships neither a CMake config nor a pkg-config file.
find_path(MYSQLCPPCONN_INCLUDE_DIR mysql_driver.h REQUIRED)
find_library(MYSQLCPPCONN_LIBRARY mysqlcppconn REQUIRED)
add_library(mysqlcppconn INTERFACE)
target_include_directories(mysqlcppconn INTERFACE ${MYSQLCPPCONN_INCLUDE_DIR})
target_link_libraries(mysqlcppconn INTERFACE ${MYSQLCPPCONN_LIBRARY})

find_path(TOMLPP_INCLUDE_DIR toml++/toml.h REQUIRED)
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
find_package(OpenSSL REQUIRED)  # libcrypto: SHA-1 for tus upload checksums
find_package(CURL REQUIRED)     # libcurl: mail over SMTP (server/mail)
