# podman_lib.sh - what the container tests share: their checks' counters,
# the skip where podman cannot run (not installed, not root), podman on a
# storage of their own under $VC_CONTAINER_CACHE (default
# /var/cache/vcovid-test) whose network backend is netavark (its own
# containers.conf, so that container names resolve through aardvark-dns on
# a network of the run; a default subnet apart from CNI's 10.88/16), runc
# and cgroupfs, limits for every run, and the Debian 12 base image made
# once with debootstrap and kept as a tarball. The test sets RUN and
# TEST_TMP before sourcing it.
CACHE=${VC_CONTAINER_CACHE:-/var/cache/vcovid-test}
TEST_PASSES=0
TEST_FAILURES=0
STARTED=$(date +%s)
pass () { TEST_PASSES=$((TEST_PASSES + 1)); echo "ok - $*"; }
fail () { TEST_FAILURES=$((TEST_FAILURES + 1)); echo "FAILED - $*"; }
elapsed () { echo "$(( $(date +%s) - STARTED )) s"; }

if ! command -v podman > /dev/null || [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: podman is not installed or this is not root"; exit 77
fi
STORE=$CACHE/netavark
mkdir -p "$STORE/networks"
cat > "$STORE/containers.conf.$$" <<CONF
# Written by tests/deploy/podman_lib.sh for the container tests' storage.
[network]
network_backend = "netavark"
network_config_dir = "$STORE/networks"
default_subnet = "10.86.255.0/24"
CONF
mv "$STORE/containers.conf.$$" "$STORE/containers.conf"
export CONTAINERS_CONF=$STORE/containers.conf
PODMAN=(podman --root "$STORE/storage" --runroot /run/vcovid-test-netavark --runtime runc
        --cgroup-manager=cgroupfs)
pm () { "${PODMAN[@]}" "$@"; }
LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# base_image: docker.io/library/debian:12 (debootstrap minbase bookworm),
# made once; returns 1 if it cannot be made.
s_base_image () {
    pm image exists docker.io/library/debian:12 && return 0
    local tarball=$CACHE/debian-12-minbase.tar root
    if [ ! -s "$tarball" ]; then
        root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
        echo "# debootstrap --variant=minbase bookworm (first run only)"
        debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian \
            > "$TEST_TMP/debootstrap.log" 2>&1 || { rm -rf "$root"; return 1; }
        tar -C "$root" -c . > "$tarball.tmp" && mv "$tarball.tmp" "$tarball"
        rm -rf "$root"
    fi
    pm import "$tarball" localhost/deb12 > /dev/null && pm tag localhost/deb12 docker.io/library/debian:12
}
base_image () {
    (flock 9; s_base_image) 9> "$CACHE/base.lock"
}
