#!/usr/bin/env bash
# Puts mrtbox onto a Raspberry Pi OS (bookworm, 64-bit) root filesystem for a Raspberry Pi 5. Runs on a
# workstation with the Pi OS image (vendor download, so not in CI), its root partition mounted:
#   image-build/rpi5-customize.sh /mnt/pi-root mrtbox_*_arm64.deb
# Needs root and qemu-user-static. GPIO on the Pi 5 works through Pi4J's gpiod plugin (chip "pinctrl-rp1").
set -euo pipefail
root="${1:?usage: rpi5-customize.sh PI_ROOT DEB_ARM64}"
deb="${2:?usage: rpi5-customize.sh PI_ROOT DEB_ARM64}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ -f "$root/etc/rpi-issue" ]] || echo "warning: $root does not look like Raspberry Pi OS" >&2
for m in proc sys dev; do mount --bind "/$m" "$root/$m"; done
trap 'for m in dev sys proc; do umount "$root/$m" || true; done' EXIT
install -m 0644 "$deb" "$root/tmp/mrtbox.deb"
chroot "$root" apt-get update
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless alsa-utils overlayroot /tmp/mrtbox.deb
rm -f "$root/tmp/mrtbox.deb"
chroot "$root" sh -c 'getent group gpio >/dev/null && adduser mrtbox gpio || true'
"$here/apply-appliance-settings.sh" "$root"
# Raspberry Pi OS enables its overlay file system with raspi-config; do it non-interactively on first boot.
echo "mrtbox installed; enable the read-only root with: sudo raspi-config nonint do_overlayfs 0"
