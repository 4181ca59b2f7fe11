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
# to the service from inside. systemd-resolved: minbase has no resolver (systemd-networkd is part of systemd).
mmdebstrap --variant=minbase --architectures="$arch" \
  --include=systemd,systemd-sysv,systemd-resolved,dbus,udev,openjdk-17-jre-headless,libasound2,alsa-utils,adduser,iproute2,liblo-tools,curl,ca-certificates \
  bookworm "$out" "$mirror"

install -m 0644 "$deb" "$out/tmp/mrtbox.deb"
chroot "$out" dpkg -i /tmp/mrtbox.deb
rm -f "$out/tmp/mrtbox.deb"
"$here/apply-appliance-settings.sh" "$out"

# What mmdebstrap leaves out that an installed Debian has (the box prints http://localhost:8080/, so localhost
# must resolve without DNS):
# - a complete hosts file: localhost on IPv4 and IPv6, the box's own name on 127.0.1.1 (Debian's convention);
# - the hostname (apply-appliance-settings.sh writes mrtbox);
# - machine-id: empty, so every box flashed from this image gets its own at first boot (on a read-only root
#   systemd keeps a generated one in /run); D-Bus reads the same id through Debian's symlink. An empty id makes
#   that boot a "first boot", whose wizard (systemd-firstboot) would wait on the console for a locale, time zone
#   and root password: a headless box has nobody to answer, so it is masked;
# - the network: minbase configures no interface, so a flashed box would get no address and its page on :8080
#   could not be reached; see below.
cat > "$out/etc/hosts" <<'HOSTS'
127.0.0.1	localhost
127.0.1.1	mrtbox
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
HOSTS
: > "$out/etc/machine-id"
install -d "$out/var/lib/dbus"
ln -sf /etc/machine-id "$out/var/lib/dbus/machine-id"
ln -sf /dev/null "$out/etc/systemd/system/systemd-firstboot.service"

# The network: DHCP (IPv4 and IPv6) on every wired interface, by systemd-networkd (part of systemd, disabled in
# Debian until enabled); name servers from the lease go to systemd-resolved, whose stub is resolv.conf (the
# package's own symlink; mmdebstrap may leave the build host's copy). Booting waits for an address at most 20 s
# (network-online.target, which mrtbox.service wants): with a cable, zeroconf advertises on a configured
# interface; without one, the box starts 20 s later and nothing else changes. resolved leaves mDNS (port 5353)
# to mrtbox's own zeroconf.
install -d "$out/etc/systemd/network" "$out/etc/systemd/resolved.conf.d" \
  "$out/etc/systemd/system/systemd-networkd-wait-online.service.d"
cat > "$out/etc/systemd/network/80-mrtbox-wired.network" <<'NETWORK'
# mrtbox image: every wired interface takes its address from the network's DHCP server.
[Match]
Name=en* eth*

[Network]
DHCP=yes
NETWORK
cat > "$out/etc/systemd/resolved.conf.d/50-mrtbox.conf" <<'CONF'
[Resolve]
# mrtbox advertises itself with its own zeroconf responder on 5353.
MulticastDNS=no
CONF
cat > "$out/etc/systemd/system/systemd-networkd-wait-online.service.d/50-mrtbox.conf" <<'CONF'
[Service]
# One configured wired link is enough, and a box without a cable waits only this long: no cable is no failure
# ("-": the timeout does not mark the unit failed, nor the system degraded).
ExecStart=
ExecStart=-/lib/systemd/systemd-networkd-wait-online --any --timeout=20
CONF
chroot "$out" systemctl enable systemd-networkd.service systemd-resolved.service
ln -sf ../run/systemd/resolve/stub-resolv.conf "$out/etc/resolv.conf"
