#!/usr/bin/env bash
# Puts mrtbox onto a Jetson Linux (L4T, JetPack 6) root filesystem before flashing. Runs on an x86-64
# workstation that has NVIDIA's BSP (vendor download, so not in CI):
#   image-build/jetson-apply-to-l4t.sh Linux_for_Tegra/rootfs mrtbox_*_arm64.deb
# then flash as NVIDIA documents (sudo ./flash.sh jetson-orin-nano-devkit internal, or l4t_initrd_flash.sh).
# Needs root and qemu-user-static (binfmt_misc enabled for aarch64). JetPack 6 is Ubuntu 22.04 (glibc 2.35),
# which the TF Java linux-arm64 natives need (glibc >= 2.34). TF Java runs on the Orin's CPU; see README.
set -euo pipefail
root="${1:?usage: jetson-apply-to-l4t.sh L4T_ROOTFS DEB_ARM64}"
deb="${2:?usage: jetson-apply-to-l4t.sh L4T_ROOTFS DEB_ARM64}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ -x "$root/bin/bash" ]] || { echo "not a root filesystem: $root" >&2; exit 1; }
dpkg-deb -f "$deb" Architecture | grep -qx arm64 || { echo "$deb is not an arm64 package" >&2; exit 1; }

cp /usr/bin/qemu-aarch64-static "$root/usr/bin/" 2>/dev/null || true
for m in proc sys dev; do mount --bind "/$m" "$root/$m"; done
trap 'for m in dev sys proc; do umount "$root/$m" || true; done' EXIT
install -m 0644 "$deb" "$root/tmp/mrtbox.deb"
chroot "$root" apt-get update
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless alsa-utils /tmp/mrtbox.deb
rm -f "$root/tmp/mrtbox.deb"
# Jetson GPIO lines belong to the gpio group NVIDIA's udev rules create.
chroot "$root" sh -c 'getent group gpio >/dev/null && adduser mrtbox gpio || true'
"$here/apply-appliance-settings.sh" "$root"
echo "mrtbox installed into $root; flash with NVIDIA's tools."
