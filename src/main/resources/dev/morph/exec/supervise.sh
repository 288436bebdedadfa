# morph's supervisor of one local job (see dev.morph.exec.LocalRunner). Arguments: the polls of 50 ms
# to wait between TERM and KILL, the job's cgroup directory (empty: none), the cgroup limiting its memory
# (empty: none; the same directory on cgroup v2), then the job's argv. morph removes the cgroups once it
# has read how the job ended (a kill for memory); those of a morph that died, the next morph removes.
# It runs in a session of its own and the job in another (without setsid(1): a process group of its
# own), so a terminal's Ctrl-C reaches neither: only morph. Standard input is a pipe from morph: each
# "stop N" stops the job (TERM, N polls, KILL; a later "stop 0" kills at once); end of file, which
# also comes when morph dies however it dies, stops it with the default grace. Whatever the job leaves
# behind when it ends is stopped the same way; this exits with the job's code once nothing of it is left.
g=$1 cg=$2 mem=$3
shift 3
exec 3<&0 </dev/null
s=setsid
command -v setsid >/dev/null 2>&1 || { s=; set -m; }
if [ -n "$cg" ]; then
  $s sh -c 'echo $$ > "$0/cgroup.procs" 2>/dev/null; [ -z "$1" ] || echo $$ > "$1/cgroup.procs" 2>/dev/null; shift; exec "$@"' "$cg" "$mem" "$@" 3<&- &
else
  $s "$@" 3<&- &
fi
j=$!
alive() {
  kill -0 -- -"$j" 2>/dev/null && return 0
  [ -n "$cg" ] && read -r _ < "$cg/cgroup.procs" 2>/dev/null
}
signal() {
  kill -"$1" -- -"$j" 2>/dev/null
  if [ -n "$cg" ]; then
    if [ "$1" = KILL ] && [ -e "$cg/cgroup.kill" ]; then
      echo 1 > "$cg/cgroup.kill" 2>/dev/null
    else
      while read -r p; do kill -"$1" "$p" 2>/dev/null; done < "$cg/cgroup.procs"
    fi
  fi
}
stop() {
  alive || return 0
  signal TERM
  n=$1
  while [ "$n" -gt 0 ] && alive; do sleep 0.05; n=$((n - 1)); done
  while alive; do signal KILL; sleep 0.01; done
}
(
  while read -r word polls <&3; do
    [ "$word" = stop ] && stop "$polls" &
  done
  stop "$g"
) 3<&3 &
w=$!
wait "$j"
rc=$?
stop "$g"
kill "$w" 2>/dev/null
exit "$rc"
