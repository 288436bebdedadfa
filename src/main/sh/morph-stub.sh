#!/bin/sh
# morph launcher: this script with the morph jar appended, so one file is the whole program.
# MORPH_JAVA_OPTS replaces the default JVM options; JAVA_HOME picks the Java runtime.
# "$0.jsa", when there, is a class-data archive of morph's classes made for this file (by the build, or
# by morph itself in the background; see dev.morph.launcher.ClassArchive): it takes about a third off
# start-up. The JVM checks that it fits this file and this JVM, and silently runs without it otherwise.
# The default options suit short commands: G1, whose archive also holds a ready-made heap (module
# graph, strings, class mirrors; other collectors ignore that part); the quick C1 compiler only; no
# hsperfdata file (a file create and delete per start: `jps` does not list morph, `jcmd PID` still
# works); and the archive mapped at the address it was made for (ArchiveRelocationMode=0: this JDK
# otherwise maps it elsewhere on purpose and rewrites its pointers, over 10 ms; it still does when that
# address is taken). IgnoreUnrecognizedVMOptions: a JDK without that diagnostic option starts all the same.
# morph's classes are on the boot class path (-Xbootclasspath/a): the JVM then maps each from the
# archive itself, where the application class loader would run Java code for every class it loads
# (about 10 ms of a short command). -cp names the same file, so java.class.path is the executable.
# File names are bytes; the JVM decodes them with the locale's charset, and under LANG unset, C or POSIX
# (cron, env -i, sbatch --export=NONE) it cannot represent a non-ASCII one. So morph's JVM always runs
# in a UTF-8 locale; the one it was given is handed back to the jobs (MORPH_GIVEN_LC_ALL).
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
  *)
    export MORPH_GIVEN_LC_ALL="${LC_ALL-unset}"
    export LC_ALL=C.UTF-8
    ;;
esac
java=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
opts=${MORPH_JAVA_OPTS:--XX:+IgnoreUnrecognizedVMOptions -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xss4m}
# morph serve runs on the JDK's HTTP server (module jdk.httpserver), which classes on the boot class path
# cannot see: a long-lived server has no start-up to save, so it runs from the ordinary class path.
for a in "$@"; do
  if [ "$a" = serve ]; then exec "$java" $opts -cp "$0" dev.morph.launcher.Morph "$@"; fi
done
if [ -s "$0.jsa" ] && [ ! "$0" -nt "$0.jsa" ]; then
  exec "$java" "-XX:SharedArchiveFile=$0.jsa" $opts "-Xbootclasspath/a:$0" "-Dmorph.archive=$0.jsa" -cp "$0" dev.morph.launcher.Morph "$@"
fi
exec "$java" $opts "-Xbootclasspath/a:$0" "-Dmorph.archive=$0.jsa" -cp "$0" dev.morph.launcher.Morph "$@"
