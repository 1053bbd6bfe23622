#!/usr/bin/env bash
# private_headers - the headers internal to a library stay out of the other
# components' reach. For each library (LIB=SOURCE_FOLDER=PUBLIC_DIRS, the
# public include directories as CMake gives them to the library's users,
# colon-separated):
# - a header named *_priv.h is in a private/ folder;
# - a header in a private/ folder is on none of the public directories:
#   a file that includes it by name, compiled with those directories,
#   fails to find it (the build check);
# - no file outside the library includes a header of its private/ folders;
# - every header on a public directory of the library's own folder is
#   public: included by a file outside the library, or by another public
#   header.
# A service's library (LIB given as only-private:LIB) is held to the first
# two rules only: its other headers serve the service's main.c and tests.
# Usage: private_headers.sh SOURCE_ROOT [only-private:]LIB=FOLDER=DIR:DIR...
set -u
root=${1:?source root}; shift
failures=0
fail () { echo "FAILED - $*"; failures=$((failures + 1)); }
pass () { echo "ok - $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vc-private-headers.$$.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Every include line of the tree's sources, as FILE:#include "NAME" (the
# build trees and .git left out), read once
(cd "$root" && grep -r --include='*.c' --include='*.h' --exclude-dir=.git \
    --exclude-dir='build*' -h -o -H '^ *# *include *"[^"]*"' .) > "$tmp/includes"

# Files outside FOLDER with an include matching PATTERN
outside () {
    grep -v "^\./$1/" "$tmp/includes" | grep -e "$2" | cut -d: -f1 | sort -u
}

# The build check: NAME is not found through the public directories
not_reachable () {
    local name=$1 dirs=$2 flags=() dir
    IFS=: read -r -a list <<< "$dirs"
    for dir in "${list[@]}"; do flags+=("-I$dir"); done
    printf '#include "%s"\n' "$name" > "$tmp/probe.c"
    local out
    out=$(cc -E "${flags[@]}" "$tmp/probe.c" -o /dev/null 2>&1)
    [ $? -ne 0 ] && grep -q "probe.c:1:.*$name: No such file" <<< "$out"
}

for spec in "$@"; do
    lib=${spec%%=*}; rest=${spec#*=}
    all_rules=yes
    case "$lib" in only-private:*) lib=${lib#only-private:}; all_rules=no ;; esac
    folder=${rest%%=*}; dirs=${rest#*=}
    privates=$(cd "$root/$folder" && find . -path '*/private/*.h' -printf '%f\n' | sort)
    [ -n "$privates" ] || fail "$lib: no private headers found under $folder"
    misplaced=$(cd "$root/$folder" && find . -name '*_priv.h' -not -path '*/private/*' -printf '%P ')
    [ -z "$misplaced" ] && pass "$lib: every *_priv.h is in a private/ folder" \
        || fail "$lib: a private header outside private/: $misplaced"
    for name in $privates; do
        not_reachable "$name" "$dirs" \
            && pass "$lib: $name is not on the public include path" \
            || fail "$lib: $name can be included through $dirs"
        users=$(outside "$folder" "include *\"\(.*/\)\?$name\"")
        [ -z "$users" ] && pass "$lib: nothing outside $folder/ includes $name" \
            || fail "$lib: $name included outside $folder/: $users"
    done
    [ "$all_rules" = yes ] || continue
    IFS=: read -r -a list <<< "$dirs"
    for dir in "${list[@]}"; do
        case "$dir" in "$root/$folder"|"$root/$folder"/*) ;; *) continue ;; esac
        for header in "$dir"/*.h; do
            [ -e "$header" ] || continue
            name=$(basename "$header")
            used=$(outside "$folder" "include *\"$name\"")
            if [ -z "$used" ]; then
                for other in "${list[@]}"; do
                    grep -ls "#include \"$name\"" "$other"/*.h 2>/dev/null | grep -vq "/$name$" && used=yes
                done
            fi
            [ -n "$used" ] || fail "$lib: $name is on the public include path but only $folder/'s files include it (a private header: move it to a private/ folder)"
        done
    done
    pass "$lib: every header on its public include path is used outside it"
done
echo "$failures failed"
[ "$failures" -eq 0 ]
