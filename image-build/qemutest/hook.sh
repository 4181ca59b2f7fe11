#!/usr/bin/env bash
# MRTBOX_IMAGE_HOOK for the qemu test: loads snd-aloop at boot, points mrtbox at the loopback's playback side and
# adds the checker that records the capture side. Only the test image gets this.
set -euo pipefail
root="${1:?usage: hook.sh ROOTFS}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo snd-aloop > "$root/etc/modules-load.d/mrtbox-qemu-test.conf"
# qemu has no sound card: the loopback is card 0. Its playback device 0 comes out of capture device 1.
# tiny-mrt2, not the default tiny-v1: under qemu's TCG one 2 s tiny-v1 chunk takes 35-55 s, so the 10 s stall
# watchdog abandons every step and the box never gets READY; tiny-mrt2's 40 ms frames are short steps that finish.
cat > "$root/etc/mrtbox/mrtbox.json" <<'CONF'
{
  "version": 1,
  "model": {"name": "tiny-mrt2"},
  "audio": {"sink": "javasound", "device": "plughw:0,0", "bufferMs": 200, "bitDepth": 16}
}
CONF
install -m 0755 "$here/mrtbox-qemutest" "$root/usr/local/sbin/mrtbox-qemutest"
install -m 0644 "$here/mrtbox-qemutest.service" "$root/etc/systemd/system/mrtbox-qemutest.service"
ln -sf /etc/systemd/system/mrtbox-qemutest.service "$root/etc/systemd/system/multi-user.target.wants/mrtbox-qemutest.service"
