#!/usr/bin/env bash
# The package upgrade and purge test (CI runs it through BootTestIT, right after boot-test.sh, on its root
# filesystem, which has the package installed and state from the first boot):
#   image-build/upgrade-test.sh path/to/mrtbox_*_amd64.deb WORK_DIR
# Repacks the .deb with a higher version (dpkg-deb), boots the container again, and from inside: edits the config,
# upgrades, checks that /etc/mrtbox and /var/lib/mrtbox survived and the service came back, then `apt-get purge`s
# and checks that the user, config, state and cache are gone without errors. One PASS/FAIL line per check.
# Needs root, dpkg-deb and systemd-container. Bounded: the boot is killed after 7 minutes.
set -euo pipefail
deb="${1:?usage: upgrade-test.sh DEB WORK_DIR}"
work="${2:?usage: upgrade-test.sh DEB WORK_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rootfs="$work/rootfs"
[[ -x "$rootfs/usr/bin/mrtbox" ]] || { echo "FAIL no root filesystem with mrtbox installed at $rootfs (run boot-test.sh first)"; exit 1; }

# The newer package: the same files under a higher version, as the next release would be.
old_version=$(dpkg-deb -f "$deb" Version)
new_version="${old_version}+upgradetest1"
dpkg --compare-versions "$new_version" gt "$old_version" || { echo "FAIL $new_version does not sort after $old_version"; exit 1; }
repack="$work/repack"
rm -rf "$repack"
dpkg-deb -R "$deb" "$repack"
sed -i "s/^Version: .*/Version: $new_version/" "$repack/DEBIAN/control"
install -d "$rootfs/root/upgrade"
dpkg-deb -Znone -b "$repack" "$rootfs/root/upgrade/mrtbox-new.deb" >/dev/null
rm -rf "$repack"
echo "$old_version" > "$rootfs/root/upgrade/old-version"
echo "$new_version" > "$rootfs/root/upgrade/new-version"

# This boot runs the upgrade checker instead of the boot test's.
rm -f "$rootfs/etc/systemd/system/multi-user.target.wants/mrtbox-boottest.service"
install -m 0755 "$here/boottest/mrtbox-upgradetest" "$rootfs/usr/local/sbin/mrtbox-upgradetest"
install -m 0644 "$here/boottest/mrtbox-upgradetest.service" "$rootfs/etc/systemd/system/mrtbox-upgradetest.service"
ln -sf /etc/systemd/system/mrtbox-upgradetest.service "$rootfs/etc/systemd/system/multi-user.target.wants/mrtbox-upgradetest.service"
rm -f "$rootfs/var/log/mrtbox-upgradetest.result"

timeout 420 systemd-nspawn -q -D "$rootfs" --boot --register=no --keep-unit --private-network --console=pipe \
  > "$work/upgrade-console.log" 2>&1 || echo "note: nspawn exited with $? (console: $work/upgrade-console.log)"

results="$rootfs/var/log/mrtbox-upgradetest.result"
[[ -f "$results" ]] || { tail -60 "$work/upgrade-console.log"; echo "FAIL the upgrade checker left no results"; exit 1; }
cat "$results"
if grep -q '^FAIL' "$results" || ! grep -q '^DONE' "$results"; then
  echo "--- checker log"; tail -120 "$rootfs/var/log/mrtbox-upgradetest.log" 2>/dev/null
  exit 1
fi
