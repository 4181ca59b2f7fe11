#!/usr/bin/env bash
# Builds a bootable amd64 disk image for an x86-64 mini-PC:
#   image-build/build-image.sh path/to/mrtbox_*_amd64.deb OUT_DIR [SIZE_GIB]
# Result: OUT_DIR/mrtbox-amd64.img, a GPT disk with
#   1 ESP (FAT, systemd-boot, kernel + initrd)      PARTLABEL=mrtbox-esp
#   2 root (ext4, mounted read-only, overlayroot)   PARTLABEL=mrtbox-root
#   3 data (ext4, /var/lib/mrtbox: scenes, state)   PARTLABEL=mrtbox-data
# The root stays read-only with a RAM overlay (overlayroot), so a power cut cannot corrupt the system; only the
# data partition is written, and mrtbox writes it atomically. Write the image with
#   dd if=mrtbox-amd64.img of=/dev/sdX bs=4M conv=fsync
# No loop devices are needed: file systems are made from directories (mkfs.ext4 -d, mtools) and put in place
# with dd. Needs root, mmdebstrap, e2fsprogs, dosfstools, mtools, fdisk and a Debian mirror.
# MRTBOX_IMAGE_HOOK=script: run as `script ROOTFS` just before the file systems are made (the qemu test adds its
# checker this way; a site can add its own settings).
set -euo pipefail
deb="${1:?usage: build-image.sh DEB OUT_DIR [SIZE_GIB]}"
out="${2:?usage: build-image.sh DEB OUT_DIR [SIZE_GIB]}"
size_gib="${3:-4}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mirror="${MRTBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$out/work"
rootfs="$work/rootfs"
mkdir -p "$work"

"$here/build-rootfs.sh" "$rootfs" "$deb" amd64
# mmdebstrap leaves no package lists behind: fetch them before installing more. The kernel comes last, so that
# its initramfs (with overlayroot's hook) is made once: together, overlayroot's trigger would make it twice, and
# each takes minutes in a chroot. busybox: overlayroot's initramfs script needs grep (without it the root stays
# plain read-only, and logind and mrtbox fail to start; seen in the qemu test).
apt_install() { chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; }
{ chroot "$rootfs" apt-get update -q \
  && apt_install overlayroot busybox systemd-boot-efi e2fsprogs watchdog \
  && apt_install linux-image-amd64 \
  && chroot "$rootfs" apt-get clean; } > "$work/kernel.log" 2>&1 \
  || { tail -30 "$work/kernel.log" >&2; echo "build-image: installing the kernel and overlayroot failed (log: $work/kernel.log)" >&2; exit 1; }
rm -rf "$rootfs"/var/lib/apt/lists/*

# Read-only root with a tmpfs overlay; the data partition holds everything mrtbox must keep.
echo 'overlayroot="tmpfs:recurse=0"' > "$rootfs/etc/overlayroot.local.conf"
cat > "$rootfs/etc/fstab" <<'FSTAB'
PARTLABEL=mrtbox-root  /               ext4  ro,noatime           0 1
PARTLABEL=mrtbox-data  /var/lib/mrtbox ext4  rw,noatime,commit=5  0 2
PARTLABEL=mrtbox-esp   /boot/efi       vfat  ro,umask=0077        0 2
FSTAB
mkdir -p "$rootfs/boot/efi"

kernel=$(ls "$rootfs"/boot/vmlinuz-* | sort -V | tail -1)
initrd=$(ls "$rootfs"/boot/initrd.img-* | sort -V | tail -1)
cp "$kernel" "$out/vmlinuz"; cp "$initrd" "$out/initrd.img"   # also for qemu direct kernel boot
cmdline="root=PARTLABEL=mrtbox-root ro console=ttyS0 quiet"

if [[ -n "${MRTBOX_IMAGE_HOOK:-}" ]]; then "$MRTBOX_IMAGE_HOOK" "$rootfs"; fi

# Partition sizes in MiB.
esp_mib=256; data_mib=512
total_mib=$((size_gib * 1024)); root_mib=$((total_mib - esp_mib - data_mib - 2))

# ESP: systemd-boot + kernel + initrd, written with mtools.
esp="$work/esp.vfat"
rm -f "$esp"; mkfs.vfat -C -n MRTBOX-ESP "$esp" $((esp_mib * 1024)) >/dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries
mcopy -i "$esp" "$rootfs/usr/lib/systemd/boot/efi/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$kernel" ::/vmlinuz
mcopy -i "$esp" "$initrd" ::/initrd.img
printf 'default mrtbox\ntimeout 0\n' > "$work/loader.conf"
printf 'title mrtbox\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' "$cmdline" > "$work/mrtbox.conf"
mcopy -i "$esp" "$work/loader.conf" ::/loader/loader.conf
mcopy -i "$esp" "$work/mrtbox.conf" ::/loader/entries/mrtbox.conf

# Data partition starts with the package's state layout; root is everything else.
data_dir="$work/data"; rm -rf "$data_dir"; mkdir -p "$data_dir"
cp -a "$rootfs/var/lib/mrtbox/." "$data_dir/" 2>/dev/null || true
mkfs.ext4 -q -F -L mrtbox-data -d "$data_dir" "$work/data.ext4" "${data_mib}M"
mkfs.ext4 -q -F -L mrtbox-root -d "$rootfs" "$work/root.ext4" "${root_mib}M"

img="$out/mrtbox-amd64.img"
rm -f "$img"; truncate -s "${total_mib}M" "$img"
sfdisk -q "$img" <<PARTS
label: gpt
start=1MiB, size=${esp_mib}MiB, type=uefi, name=mrtbox-esp
size=${root_mib}MiB, type=linux, name=mrtbox-root
size=${data_mib}MiB, type=linux, name=mrtbox-data
PARTS
dd if="$esp" of="$img" bs=1M seek=1 conv=notrunc status=none
dd if="$work/root.ext4" of="$img" bs=1M seek=$((1 + esp_mib)) conv=notrunc status=none
dd if="$work/data.ext4" of="$img" bs=1M seek=$((1 + esp_mib + root_mib)) conv=notrunc status=none
echo "image: $img (kernel and initrd for direct boot: $out/vmlinuz, $out/initrd.img)"
