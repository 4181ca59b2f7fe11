#!/usr/bin/env bash
# The appliance boot test (CI runs it through BootTestIT):
#   image-build/boot-test.sh path/to/mrtbox_*_amd64.deb WORK_DIR [ARCH]
# Builds the amd64 root filesystem with the package, boots it with systemd-nspawn, and from inside checks that
# mrtbox reached `active` through sd_notify, the web page and the OSC port answer, and state written before a
# forced kill survives the restart. Prints one PASS/FAIL line per check; exit 0 only when all pass.
# Needs root, mmdebstrap, systemd-container and a Debian mirror. Bounded: the boot is killed after 8 minutes.
set -euo pipefail
deb="${1:?usage: boot-test.sh DEB WORK_DIR}"
work="${2:?usage: boot-test.sh DEB WORK_DIR}"
arch="${3:-amd64}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rootfs="$work/rootfs"

mkdir -p "$work"
"$here/build-rootfs.sh" "$rootfs" "$deb" "$arch" > "$work/build-rootfs.log" 2>&1 \
  || { tail -40 "$work/build-rootfs.log"; echo "FAIL building the root filesystem (log: $work/build-rootfs.log)"; exit 1; }

install -m 0755 "$here/boottest/mrtbox-boottest" "$rootfs/usr/local/sbin/mrtbox-boottest"
install -m 0644 "$here/boottest/mrtbox-boottest.service" "$rootfs/etc/systemd/system/mrtbox-boottest.service"
ln -sf /etc/systemd/system/mrtbox-boottest.service "$rootfs/etc/systemd/system/multi-user.target.wants/mrtbox-boottest.service"
rm -f "$rootfs/var/log/mrtbox-boottest.result"
# The image's own machine-id must be empty (each box flashed from it makes its own); the boot below fills it in.
if [[ -f "$rootfs/etc/machine-id" && ! -s "$rootfs/etc/machine-id" ]]; then
  image_check="PASS the image ships an empty machine-id (each box makes its own at first boot)"
else
  image_check="FAIL the image's machine-id is not empty: every box flashed from it would share one"
fi

# Nested inside another container (a CI runner, docker, nspawn) the inner boot may lack the rights it needs (its
# loopback stays down, or nspawn cannot start); every failure then says so, and how to run it instead.
outer="$(systemd-detect-virt --container 2>/dev/null || true)"
nested() {
  [[ -n "$outer" && "$outer" != none ]] || return 0
  echo "note: this boot test ran inside a container ($outer); nested, the inner container may not get a working"
  echo "      network or cgroups. Run it on a host or VM, or start the outer container with --privileged."
}

# --register=no --keep-unit: the host's PID 1 here is not systemd (see shared/spec/platform.md).
# --private-network: the container's ports 8080/9000 are its own (loopback only), never the host's.
timeout 480 systemd-nspawn -q -D "$rootfs" --boot --register=no --keep-unit --private-network --console=pipe \
  > "$work/console.log" 2>&1 || echo "note: nspawn exited with $? (console: $work/console.log)"

results="$rootfs/var/log/mrtbox-boottest.result"
[[ -f "$results" ]] || { tail -60 "$work/console.log"; echo "FAIL the checker left no results (the container did not boot to it)"; nested; exit 1; }
echo "$image_check"
cat "$results"
if [[ "$image_check" == FAIL* ]] || grep -q '^FAIL' "$results" || ! grep -q '^DONE' "$results"; then
  echo "--- checker log"; cat "$rootfs/var/log/mrtbox-boottest.log" 2>/dev/null | tail -80
  nested
  exit 1
fi
