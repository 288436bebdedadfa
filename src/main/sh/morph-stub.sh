#!/bin/sh
# morph launcher: this script with the morph jar appended, so one file is the whole program.
# MORPH_JAVA_OPTS replaces the default JVM options; JAVA_HOME picks the Java runtime.
java=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
exec "$java" ${MORPH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss4m} -jar "$0" "$@"
