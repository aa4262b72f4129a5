#!/bin/sh
# Release build (mvn -Prelease package), step "runtime": the self-contained part of the
# linux-x86_64 archive, in OUT:
#   OUT/runtime/         jlink image of JDK with only the modules JAR needs (jdeps), plus the
#                        providers jdeps cannot see (jdk.crypto.ec: TLS with EC keys before JDK 22)
#   OUT/lib/airlock.jar  a copy of JAR, its mtime set to TIMESTAMP (the archive's entry time:
#                        the class-data archive records the jar's mtime and size and checks both)
#   OUT/lib/airlock.jsa  a static AppCDS archive of the classes a training run
#                        (dev.airlock.Training) loads
# The class list of the training run is reduced to class names and sorted, so that thread timing
# cannot change it; from it, a dump by JDK 21 or later is byte-identical from build to build and
# from path to path (JDK 17's dump is not: build with -Dairlock.runtime.jdk=JDK21+).
#
#   runtime.sh JDK JAR OUT TIMESTAMP(ISO-8601)
set -eu
jdk=$1 jar=$2 out=$3 ts=$4
[ -x "$jdk/bin/jlink" ] || { echo "runtime.sh: $jdk has no bin/jlink (a JDK is needed, not a JRE)" >&2; exit 1; }
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
[ "${major:-0}" -ge 17 ] || { echo "runtime.sh: $jdk is not Java 17 or later" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/lib" "$out/work"
modules=$("$jdk/bin/jdeps" --multi-release "$major" --ignore-missing-deps --print-module-deps "$jar")
if "$jdk/bin/java" --list-modules | grep -q '^jdk\.crypto\.ec@'; then
  modules="$modules,jdk.crypto.ec"
fi
echo "runtime.sh: jlink $modules (JDK $major)"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$out/runtime"
# jlink links legal/MODULE/LICENSE to legal/java.base/: copies instead, so the archive holds no link
# (scripts/install refuses links).
find "$out/runtime" -type l | while IFS= read -r link; do
  cp --remove-destination "$(readlink -f "$link")" "$link"
done

cp "$jar" "$out/lib/airlock.jar"
touch -d "$ts" "$out/lib/airlock.jar"

# Training, then the class list: class names only, sorted. The lines that depend on thread timing
# go: constant-pool (@cp) and lambda (@lambda-*) lines, and the classes of the JDK's HTTP server and
# of the SSH server that only the training run uses (idle-connection timers, a close seen or not).
# Classes a client path loads or not by timing (JGit's background file-store probe, a contended
# lock, a connection reset, the SSH client naming a message it logs at a disconnect) are always
# listed, so that two builds dump the same list either way: what varied over 22 training runs on
# JDK 25 (each loaded by 3 to 21 of them), outside the packages listed whole below.
timing_dependent='org/apache/sshd/common/SshConstants$LazyAmbiguousOpcodesHolder
org/apache/sshd/common/SshConstants$LazyMessagesMapHolder
java/lang/StackTraceElement$HashedModules
java/lang/Throwable$PrintStreamOrWriter
java/lang/Throwable$WrappedPrintStream
sun/net/ConnectionResetException
org/apache/sshd/common/util/logging/LoggingUtils
org/apache/sshd/common/util/logging/SimplifiedLog
org/slf4j/event/Level'
"$out/runtime/bin/java" -XX:DumpLoadedClassList="$out/work/classlist.raw" -cp "$out/lib/airlock.jar" \
  dev.airlock.Training >"$out/work/training.log" 2>&1 ||
  { echo "runtime.sh: the training run failed:" >&2; cat "$out/work/training.log" >&2; exit 1; }
# Whole packages where which classes load depends on timing (contended locks and their queue
# nodes, latches, futures that complete exceptionally, scoped memory and its sessions, reflection
# accessors) are listed from the image itself: all of their classes, whatever the run loaded. With
# them and the list above, 16 training runs on a JDK 25 jlink image gave one class list.
volatile_packages='^(java/util/concurrent|java/lang/foreign|jdk/internal/foreign|jdk/internal/misc|jdk/internal/reflect)/'
"$jdk/bin/jimage" list "$out/runtime/lib/modules" >"$out/work/image.list"
{
  grep -v '^[@#]' "$out/work/classlist.raw" | awk '{ print $1 }' |
    grep -v -e '^sun/net/httpserver/' -e '^com/sun/net/httpserver/' -e '^org/apache/sshd/server/'
  printf '%s\n' "$timing_dependent"
  sed -n 's/^ *\([^ ]*\)\.class$/\1/p' "$out/work/image.list" | grep -E "$volatile_packages" | grep -v -e '-info$'
} | LC_ALL=C sort -u >"$out/work/classlist"

# The dump runs in OUT with a relative class path: no path of this machine goes into the archive.
(cd "$out" && runtime/bin/java -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile=work/classlist \
  -XX:SharedArchiveFile=lib/airlock.jsa -cp lib/airlock.jar >work/dump.log 2>&1) ||
  { echo "runtime.sh: the class-data dump failed:" >&2; cat "$out/work/dump.log" >&2; exit 1; }
chmod 644 "$out/lib/airlock.jsa"
echo "runtime.sh: $(wc -l <"$out/work/classlist") classes in lib/airlock.jsa"
