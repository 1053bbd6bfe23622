# ports.sh - free TCP ports on 127.0.0.1 for the programs a test or a
# benchmark starts. Sourced by tests/integration/lib.sh and by the bench/
# scripts; it defines functions only.
#
# A port is free when nothing listens on it. It is taken below the kernel's
# ephemeral range (so no outgoing connection or port-0 bind can take it),
# and a run never gets the same port twice: a port handed out but not bound
# yet still looks free, and two programs given one port fail a bind. Ports
# handed out are written to $PORTS_FILE when the caller sets it (a file, so
# that ports picked in $( ) subshells count too).

# free_ports COUNT [TAKEN...]: COUNT different free ports on one line, none
# of TAKEN nor of those handed out before by this run. Fails (prints
# nothing) when every port was tried, or after 200,000 draws.
free_ports () {
    local count=$1; shift
    local -A taken=()
    local picked=() port draws=0
    for port in "$@"; do taken[$port]=1; done
    if [ -n "${PORTS_FILE:-}" ] && [ -f "$PORTS_FILE" ]; then
        while read -r port; do taken[$port]=1; done < "$PORTS_FILE"
    fi
    while [ "${#picked[@]}" -lt "$count" ]; do
        draws=$((draws + 1))
        if [ "$draws" -gt 200000 ] || [ "${#taken[@]}" -ge 20000 ]; then
            echo "free_ports: no $count free ports left" >&2; return 1
        fi
        port=$(( (RANDOM % 20000) + 12000 ))
        [ -n "${taken[$port]:-}" ] && continue
        taken[$port]=1
        ss -Htln "sport = :$port" 2>/dev/null | grep -q . && continue
        ( : < "/dev/tcp/127.0.0.1/$port" ) 2>/dev/null && continue
        picked+=("$port")
    done
    [ -n "${PORTS_FILE:-}" ] && printf '%s\n' "${picked[@]}" >> "$PORTS_FILE"
    echo "${picked[*]}"
}

# free_port [TAKEN...]: one free port (free_ports 1).
free_port () { free_ports 1 "$@"; }

# take_ports NAME...: sets each variable NAME to a free port of its own.
take_ports () {
    local ports name i=0 list
    list=$(free_ports $#) || return 1
    read -r -a ports <<< "$list"
    for name in "$@"; do printf -v "$name" '%s' "${ports[$i]}"; i=$((i + 1)); done
}
