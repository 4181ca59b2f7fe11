#!/usr/bin/env bash
# Builds a Debian 12 root filesystem with the mrtbox package installed and the appliance settings applied:
#   image-build/build-rootfs.sh OUT_DIR path/to/mrtbox_*.deb [ARCH]
# ARCH is amd64 (default) or arm64 (through qemu-user-static and binfmt_misc; about 7 minutes).
# Needs root, mmdebstrap and network access to a Debian mirror (MRTBOX_DEBIAN_MIRROR overrides the default).
set -euo pipefail
out="${1:?usage: build-rootfs.sh OUT_DIR DEB [ARCH]}"
deb="${2:?usage: build-rootfs.sh OUT_DIR DEB [ARCH]}"
arch="${3:-amd64}"
mirror="${MRTBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

[[ -f "$deb" ]] || { echo "build-rootfs: no package at $deb" >&2; exit 1; }
rm -rf "$out"
# Packages the appliance needs besides the .deb's own dependencies; liblo-tools and curl let the boot test talk
# to the service from inside.
mmdebstrap --variant=minbase --architectures="$arch" \
  --include=systemd,systemd-sysv,dbus,udev,openjdk-17-jre-headless,libasound2,alsa-utils,adduser,iproute2,liblo-tools,curl,ca-certificates \
  bookworm "$out" "$mirror"

install -m 0644 "$deb" "$out/tmp/mrtbox.deb"
chroot "$out" dpkg -i /tmp/mrtbox.deb
rm -f "$out/tmp/mrtbox.deb"
"$here/apply-appliance-settings.sh" "$out"
