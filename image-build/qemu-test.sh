#!/usr/bin/env bash
# The long appliance test (optional; MRTBOX_QEMU_TEST=1 ./mrtbox test runs it, or run it by hand):
#   image-build/qemu-test.sh path/to/mrtbox_*_amd64.deb WORK_DIR
# Builds the disk image with build-image.sh (plus a test hook: snd-aloop, mrtbox playing into the loopback, a
# checker), boots it in qemu-system-x86_64 (TCG: no KVM needed, slow), and from inside checks that mrtbox became
# active, the root is the read-only overlay, the data partition is mounted, and the loopback capture recorded with
# arecord is not silence. Prints the checker's PASS/FAIL lines; exit 0 only when all pass.
# Needs what build-image.sh needs plus qemu-system-x86. Bounded: the VM is killed after MRTBOX_QEMU_MINUTES (25).
set -euo pipefail
deb="${1:?usage: qemu-test.sh DEB WORK_DIR}"
work="${2:?usage: qemu-test.sh DEB WORK_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
minutes="${MRTBOX_QEMU_MINUTES:-25}"
command -v qemu-system-x86_64 >/dev/null || { echo "FAIL qemu-system-x86_64 missing (apt-get install qemu-system-x86)"; exit 1; }
mkdir -p "$work"

start=$(date +%s)
MRTBOX_IMAGE_HOOK="$here/qemutest/hook.sh" "$here/build-image.sh" "$deb" "$work" > "$work/build-image.log" 2>&1 \
  || { tail -40 "$work/build-image.log"; echo "FAIL build-image.sh (log: $work/build-image.log)"; exit 1; }
built=$(date +%s)
echo "image built in $((built - start)) s"

# -cpu max: TensorFlow's x86 binaries need AVX, which qemu's default CPU model lacks (TCG emulates AVX/AVX2 since
# qemu 7.2, Debian 12's version).
accel=tcg
[[ -w /dev/kvm ]] && accel=kvm
# journald forwards to the console, so console.log shows mrtbox's own log next to the checker's lines.
# Direct kernel boot (the image's ESP boots the same kernel through systemd-boot on real hardware);
# -snapshot: the VM's writes go to a temporary file, the image stays as built.
timeout "$((minutes * 60))" qemu-system-x86_64 -accel "$accel" -cpu max -m 3072 -smp 2 -display none -no-reboot -snapshot \
  -kernel "$work/vmlinuz" -initrd "$work/initrd.img" \
  -append "root=PARTLABEL=mrtbox-root ro console=ttyS0 panic=10 systemd.journald.forward_to_console=1" \
  -drive "file=$work/mrtbox-amd64.img,format=raw,if=virtio" \
  -serial "file:$work/console.log" -nic none \
  || echo "note: qemu exited with $? after $(( $(date +%s) - built )) s (console: $work/console.log)"
echo "VM ran $(( $(date +%s) - built )) s"

grep -a 'MRTBOX-QEMU' "$work/console.log" | tr -d '\r' || true
if ! grep -aq 'MRTBOX-QEMU DONE' "$work/console.log"; then
  tail -40 "$work/console.log"; echo "FAIL the checker did not finish (console: $work/console.log)"; exit 1
fi
! grep -aq 'MRTBOX-QEMU FAIL' "$work/console.log"
