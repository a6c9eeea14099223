#!/usr/bin/env bash
# Prints the home of a JDK >= 21: JAVA_HOME first, then the java on PATH, then /usr/lib/jvm.
# Sourced by ./terafleet and .ci/run so that both build and run with the same JDK.
jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v; v=$(jdk_major "$1"); [ -n "$v" ] && [ "$v" -ge 21 ]
}
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if is_jdk21 "$home"; then echo "$home"; return 0; fi
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/ /opt/java/*/ /usr/local/*jdk*/; do
    d=${d%/}
    is_jdk21 "$d" || continue
    v=$(jdk_major "$d")
    if [ "$v" -gt "$best_v" ]; then best=$d; best_v=$v; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  echo "terafleet: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1
}
