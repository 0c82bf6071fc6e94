#!/bin/sh
# Runs a command full screen inside cage (the Wayland kiosk compositor) and exits with the
# command's own exit status, so that systemd's Restart=on-failure and RestartPreventExitStatus=
# act on the app's exit codes (assistant/kiosk/exit_codes.py). cage 0.1.4, the one in Debian 12,
# exits 0 whatever its app returned (newer cage passes the status on; this works with both).
#
# Usage:   cage-kiosk.sh COMMAND [ARGUMENT...]
# Example: cage-kiosk.sh /opt/assistente-de-faturas/assistente-de-faturas --kiosk
# Installed by the .deb as /usr/bin/assistente-de-faturas-cage-kiosk; from the tarball:
# Install: sudo install -m 0755 cage-kiosk.sh /usr/bin/assistente-de-faturas-cage-kiosk
#
# Exit status: the command's; 128+N if a signal N ended it; cage's own if cage could not start
# it; 1 if neither is known.
set -u

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi
runtime_dir=${XDG_RUNTIME_DIR:-}
if [ -z "$runtime_dir" ] || [ ! -d "$runtime_dir" ]; then
    echo "$0: XDG_RUNTIME_DIR is not set; run this in a user session or a user unit" >&2
    exit 1
fi

# The command writes its exit status here, inside cage; one fixed file per account, emptied
# before each start, so no stale status is ever read.
status_file="$runtime_dir/cage-kiosk.status"
rm -f "$status_file"

CAGE_KIOSK_STATUS_FILE=$status_file "${CAGE:-cage}" -- /bin/sh -c \
    '"$@"; echo "$?" > "$CAGE_KIOSK_STATUS_FILE"' cage-kiosk "$@"
cage_status=$?

app_status=$(cat "$status_file" 2>/dev/null) || app_status=
rm -f "$status_file"
case $app_status in
    '' | *[!0-9]*) ;;
    *) exit "$app_status" ;;
esac
if [ "$cage_status" -ne 0 ]; then
    exit "$cage_status"
fi
exit 1
