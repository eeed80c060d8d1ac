#!/usr/bin/env bash
# Makes the JRE base the Dockerfiles name, eclipse-temurin:17-jre, from Debian's packages, since no
# image can be pulled here: a minimal debootstrap of Debian plus openjdk-17-jre-headless with the
# JRE under /opt/java/openjdk (JAVA_HOME, as in Temurin's image), imported with `podman import`.
# curl answers the services' health checks, wget Prometheus's. The root file system is cached as a
# tarball keyed by suite and package list, so a warm run only imports it.
#   base-image.sh CACHE_DIR
set -euo pipefail
cache=${1:?usage: base-image.sh CACHE_DIR}
suite=bookworm
mirror=http://deb.debian.org/debian
packages=(openjdk-17-jre-headless ca-certificates curl wget)
image=eclipse-temurin:17-jre

key=$(printf '%s\n' "$suite" "${packages[@]}" | sha256sum | cut -c1-16)
tarball="$cache/jre-base-$key.tar"
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  root=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  echo "base image: debootstrap of Debian $suite with ${packages[*]} (cached in $tarball)"
  debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$root" "$mirror" \
    > "$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log"; exit 1; }
  # Temurin's layout: a self-contained JRE in /opt/java/openjdk (the trainer's Dockerfile copies that
  # directory into another base), Debian's path kept as a link so its alternatives still resolve.
  jre=$(cd "$root/usr/lib/jvm" && ls -d java-17-openjdk-*)
  mkdir -p "$root/opt/java"
  cp -rL "$root/usr/lib/jvm/$jre" "$root/opt/java/openjdk"
  rm -rf "${root:?}/usr/lib/jvm/$jre"
  ln -s /opt/java/openjdk "$root/usr/lib/jvm/$jre"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
  tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
fi
if [ "$(podman image inspect --format '{{index .Labels "alps.base"}}' "$image" 2>/dev/null)" != "$key" ]; then
  echo "base image: importing $image"
  podman import --quiet \
    --change "ENV JAVA_HOME=/opt/java/openjdk" \
    --change "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" \
    --change "LABEL alps.base=$key" \
    --change 'CMD ["bash"]' \
    "$tarball" "$image" >/dev/null
fi
