#!/usr/bin/env bash
# Appliance settings for any root filesystem that has the mrtbox package (Debian image, Jetson L4T, Pi OS):
#   image-build/apply-appliance-settings.sh ROOT_DIR
# journald keeps logs in RAM (no SD/eMMC wear, nothing to corrupt on power loss), the hardware watchdog resets a
# hung machine, and the box has a recognisable hostname.
set -euo pipefail
root="${1:?usage: apply-appliance-settings.sh ROOT_DIR}"

install -d "$root/etc/systemd/journald.conf.d" "$root/etc/systemd/system.conf.d"
cat > "$root/etc/systemd/journald.conf.d/50-mrtbox-volatile.conf" <<'CONF'
[Journal]
Storage=volatile
RuntimeMaxUse=32M
CONF
cat > "$root/etc/systemd/system.conf.d/50-mrtbox-watchdog.conf" <<'CONF'
[Manager]
# Hardware watchdog: if systemd itself hangs, the board resets. Ignored where no /dev/watchdog exists.
RuntimeWatchdogSec=30s
RebootWatchdogSec=2min
CONF
echo mrtbox > "$root/etc/hostname"
# localhost first: a root filesystem without it (as mmdebstrap makes) cannot open http://localhost:8080/
grep -qE '^127\.0\.0\.1[[:space:]].*\blocalhost\b' "$root/etc/hosts" 2>/dev/null || echo "127.0.0.1 localhost" >> "$root/etc/hosts"
grep -q 'mrtbox' "$root/etc/hosts" 2>/dev/null || echo "127.0.1.1 mrtbox" >> "$root/etc/hosts"
