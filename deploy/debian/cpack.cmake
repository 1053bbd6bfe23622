# cpack.cmake - the Debian packages (cpack -G DEB in the build folder, or
# deploy/package.sh): vcovid-server (broker, services, keygen, units, data),
# vcovid-client (vc-cli), vcovid-desktop (vc-gtk, vc-monitor) and
# vcovid-common (translations), with
# dependencies from dpkg-shlibdeps and the server's maintainer scripts
# (system user, state folders, keys on first install).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vcovid)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "vcovid maintainers <vcovid@lists.vcovid.org>")
set(CPACK_PACKAGE_VENDOR "vcovid")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL common server client)
if(VC_WITH_GTK)
  list(APPEND CPACK_COMPONENTS_ALL desktop)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://vcovid.org/")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME vcovid-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, ca-certificates")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "vcovid-client")
set(CPACK_COMPONENT_SERVER_DESCRIPTION "COVID-19 lookup for Vietnam: broker and services
The ZeroMQ broker (vc-broker), the accounts service (vc-auth-svc), the
case data service (vc-data-svc) and the scraper (vc-scraper-svc), with
systemd units, the shipped data snapshot and the key generator. The
services run as the system user vcovid; settings are in
/etc/vcovid/vcovid.env.")
configure_file(${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_BINARY_DIR}/control/postinst COPYONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/postrm ${CMAKE_CURRENT_BINARY_DIR}/control/postrm COPYONLY)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/control/conffiles "${CMAKE_INSTALL_FULL_SYSCONFDIR}/vcovid/vcovid.env\n")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_BINARY_DIR}/control/postinst
    ${CMAKE_CURRENT_BINARY_DIR}/control/postrm
    ${CMAKE_CURRENT_BINARY_DIR}/control/conffiles)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME vcovid-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_SECTION localization)
set(CPACK_COMPONENT_COMMON_DESCRIPTION "COVID-19 lookup for Vietnam: translations
The messages of the command-line and desktop clients in Vietnamese (and
English), shared by vcovid-client and vcovid-desktop.")

set(CPACK_DEBIAN_CLIENT_PACKAGE_NAME vcovid-client)
set(CPACK_DEBIAN_CLIENT_PACKAGE_DEPENDS "vcovid-common (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_CLIENT_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLIENT_DESCRIPTION "COVID-19 lookup for Vietnam: command-line client
vc-cli looks up total and daily COVID-19 cases for Vietnam's provinces,
signs up and signs in, lists services and follows the event bus, from
scripts or an interactive shell.")

set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME vcovid-desktop)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION x11)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_DEPENDS "vcovid-common (= ${PROJECT_VERSION})")
set(CPACK_COMPONENT_DESKTOP_DESCRIPTION "COVID-19 lookup for Vietnam: desktop client and monitor
vc-gtk (GTK 4) looks up cases by province and date with a chart;
vc-monitor shows the system's events, services and clients live.")

include(CPack)
