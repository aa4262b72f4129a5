# airlock as an image, for CI runners that prefer `docker run` (docs/install.md, "The image").
# Made from the linux-x86_64 release archive: its jlink runtime and class-data archive, on a root
# that holds only the C libraries that runtime loads. No shell, no package manager; runs as the
# non-root user 65532 unless --user says otherwise.
#
#   mvn -B -Prelease package
#   docker build --build-arg VERSION=0.1.0 [--build-arg SHA256=...] -t airlock:0.1.0 -f Dockerfile target/dist
#
# BASE: a glibc image with sh, tar, gzip, sha256sum and ldd (Debian's libc-bin), used only to
# unpack and to find the libraries; nothing else of it reaches the image. SHA256: when given, the
# archive must have it.
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS unpack
ARG VERSION
ARG SHA256=""
COPY airlock-${VERSION}-linux-x86_64.tar.gz /tmp/airlock.tar.gz
RUN set -eu; \
    if [ -n "$SHA256" ]; then echo "$SHA256  /tmp/airlock.tar.gz" | sha256sum -c -; fi; \
    mkdir -p /rootfs/opt /rootfs/etc /rootfs/tmp /rootfs/home/airlock /rootfs/work; \
    tar -xzf /tmp/airlock.tar.gz -C /rootfs/opt --no-same-owner; \
    mv "/rootfs/opt/airlock-$VERSION" /rootfs/opt/airlock; \
    rm -rf /rootfs/opt/airlock/bin /rootfs/opt/airlock/share; \
    rt=/rootfs/opt/airlock/runtime; \
    { for f in "$rt/bin/java" "$rt"/lib/*.so "$rt"/lib/server/*.so; do ldd "$f"; done; \
      ls /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
         /lib/x86_64-linux-gnu/libresolv.so.2 2>/dev/null; } \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u >/tmp/libs; \
    while read -r lib; do mkdir -p "/rootfs$(dirname "$lib")"; cp -L "$lib" "/rootfs$lib"; done </tmp/libs; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\nairlock:x:65532:65532:airlock:/home/airlock:/sbin/nologin\n' >/rootfs/etc/passwd; \
    printf 'root:x:0:\nairlock:x:65532:\n' >/rootfs/etc/group; \
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >/rootfs/etc/nsswitch.conf; \
    chmod 1777 /rootfs/tmp /rootfs/home/airlock; \
    chown 65532:65532 /rootfs/work

FROM scratch
COPY --from=unpack /rootfs/ /
ENV HOME=/home/airlock PATH=/opt/airlock/runtime/bin LANG=C.UTF-8
USER 65532:65532
WORKDIR /work
# What bin/airlock runs, without a shell: the shipped runtime, its class-data archive.
ENTRYPOINT ["/opt/airlock/runtime/bin/java", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/opt/airlock/lib/airlock.jsa", "-Xlog:cds=off,cds+dynamic=off", "-jar", "/opt/airlock/lib/airlock.jar"]
CMD ["--help"]
