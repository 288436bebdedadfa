#!/bin/bash
# sge-up.sh (morph's copy of the team recipe sge-local-up.sh, with a consumable gpu resource) - single-node Son of Grid Engine 8.1.9 (Debian 12) on localhost, as root,
# no systemd. Idempotent: installs if missing, configures, starts qmaster + execd if not running.
set -euo pipefail
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
H=$(hostname)
BASE=${SGE_LOCAL_DIR:-/tmp/sge-local}        # marker files: which daemons this script started
COMMON=$SGE_ROOT/$SGE_CELL/common
log() { echo "[sge-local-up] $*"; }
die() { echo "[sge-local-up] ERROR: $*" >&2; exit 1; }
mkdir -p "$BASE"

# ---- 1. install (non-interactive, preseeded) ----
if ! command -v sge_qmaster >/dev/null || ! command -v sge_execd >/dev/null || ! command -v qsub >/dev/null; then
  log "installing gridengine-master gridengine-exec gridengine-client"
  for p in gridengine-common gridengine-master gridengine-exec gridengine-client; do
    printf '%s shared/gridengineconfig boolean true\n%s shared/gridenginecell string default\n%s shared/gridenginemaster string %s\n' "$p" "$p" "$p" "$H"
  done | debconf-set-selections
  tmp_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; tmp_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gridengine-master gridengine-exec gridengine-client \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gridengine-master gridengine-exec gridengine-client; }
  [ -n "$tmp_policy" ] && rm -f /usr/sbin/policy-rc.d
fi
[ -f "$COMMON/bootstrap" ] || die "$COMMON/bootstrap missing (cluster not initialised by gridengine-master postinst)"

# ---- 2. host names: SGE compares the name the client sends with the reverse lookup of its IP.
# Here 127.0.0.1 reverse-resolves to 'localhost' != hostname -> "access denied"; host_aliases fixes it.
getent hosts "$H" >/dev/null || { log "adding $H to /etc/hosts"; echo "127.0.0.1 $H" >> /etc/hosts; }
echo "$H" > "$COMMON/act_qmaster"
echo "$H localhost" > "$COMMON/host_aliases"
chown sgeadmin:sgeadmin "$COMMON/act_qmaster" "$COMMON/host_aliases"
mkdir -p -m 0755 /var/run/gridengine /var/spool/gridengine/execd
chown sgeadmin:sgeadmin /var/run/gridengine /var/spool/gridengine/execd

alive() { [ -s "$1" ] && [ "$(ps -o comm= -p "$(cat "$1")" 2>/dev/null)" = "$2" ]; }
QPID=/var/spool/gridengine/qmaster/qmaster.pid

# ---- 3. qmaster ----
if alive "$QPID" sge_qmaster; then log "sge_qmaster already running (pid $(cat $QPID))"
else
  log "starting sge_qmaster"; t0=$(date +%s.%N)
  /usr/sbin/sge_qmaster
  for _ in $(seq 1 100); do qconf -sh >/dev/null 2>&1 && break; sleep 0.2; done
  qconf -sh >/dev/null || die "qmaster not answering; see /var/spool/gridengine/qmaster/messages"
  cp "$QPID" "$BASE/qmaster.ours"
  log "qmaster answering after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f",b-a}')s"
fi

# ---- 4. configuration (each step only if needed) ----
W=$(mktemp -d)
qconf -sconf global | sed -e '1d' -e '/^ *flush_time=/d' -e '/^ *sharelog=/d' \
  -e 's/^min_uid .*/min_uid                      0/' -e 's/^min_gid .*/min_gid                      0/' \
  -e 's/^reporting_params .*/reporting_params             accounting=true reporting=false flush_time=00:00:01 joblog=false sharelog=00:00:00 accounting_flush_time=00:00:00/' \
  > "$W/global"
qconf -sconf global | grep -q 'accounting_flush_time=00:00:00' && qconf -sconf global | grep -qE '^min_uid +0$' \
  || qconf -Mconf "$W/global" >/dev/null                 # root jobs allowed; accounting written at once
qconf -ssconf | sed -e 's/^schedule_interval .*/schedule_interval                 0:0:1/' \
  -e 's/^flush_submit_sec .*/flush_submit_sec                  1/' -e 's/^flush_finish_sec .*/flush_finish_sec                  1/' > "$W/sched"
qconf -ssconf | grep -qE '^schedule_interval +0:0:1$' || qconf -Msconf "$W/sched" >/dev/null   # default 15 s
qconf -ss 2>/dev/null | grep -qx "$H" || qconf -as "$H" >/dev/null
if ! qconf -se "$H" >/dev/null 2>&1; then
  printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' "$H" > "$W/exechost"
  qconf -Ae "$W/exechost" >/dev/null
fi
if ! qconf -shgrp @allhosts >/dev/null 2>&1; then
  printf 'group_name @allhosts\nhostlist %s\n' "$H" > "$W/hgrp"; qconf -Ahgrp "$W/hgrp" >/dev/null
fi
if ! qconf -sq all.q >/dev/null 2>&1; then
  cat > "$W/q" <<EOF
qname all.q
hostlist @allhosts
seq_no 0
load_thresholds NONE
suspend_thresholds NONE
nsuspend 1
suspend_interval 00:05:00
priority 0
min_cpu_interval 00:05:00
processors UNDEFINED
qtype BATCH INTERACTIVE
ckpt_list NONE
pe_list NONE
rerun FALSE
slots $(nproc)
tmpdir /tmp
shell /bin/sh
prolog NONE
epilog NONE
shell_start_mode posix_compliant
starter_method NONE
suspend_method NONE
resume_method NONE
terminate_method NONE
notify 00:00:60
owner_list NONE
user_lists NONE
xuser_lists NONE
subordinate_list NONE
complex_values NONE
projects NONE
xprojects NONE
calendar NONE
initial_state default
s_rt INFINITY
h_rt INFINITY
s_cpu INFINITY
h_cpu INFINITY
s_fsize INFINITY
h_fsize INFINITY
s_data INFINITY
h_data INFINITY
s_stack INFINITY
h_stack INFINITY
s_core INFINITY
h_core INFINITY
s_rss INFINITY
h_rss INFINITY
s_vmem INFINITY
h_vmem INFINITY
EOF
  qconf -Aq "$W/q" >/dev/null
fi
# a consumable 'gpu' resource with two on this host, so jobs can ask for -l gpu=N as on a GPU cluster
if ! qconf -sc | grep -qE '^gpu +gpu '; then
  { qconf -sc | grep -v '^#'; echo "gpu gpu INT <= YES YES 0 0"; } > "$W/complex"
  qconf -Mc "$W/complex" >/dev/null
fi
qconf -se "$H" | grep -q 'gpu=2' || qconf -mattr exechost complex_values gpu=2 "$H" >/dev/null
rm -rf "$W"

# ---- 5. execd ----
EPID=$(ls /var/spool/gridengine/execd/*/execd.pid 2>/dev/null | head -1 || true)
if [ -n "$EPID" ] && alive "$EPID" sge_execd; then log "sge_execd already running (pid $(cat "$EPID"))"
else
  log "starting sge_execd"; t0=$(date +%s.%N)
  /usr/sbin/sge_execd
  for _ in $(seq 1 50); do EPID=$(ls /var/spool/gridengine/execd/*/execd.pid 2>/dev/null | head -1 || true); [ -n "$EPID" ] && alive "$EPID" sge_execd && break; sleep 0.2; done
  alive "$EPID" sge_execd || die "sge_execd did not start"
  cp "$EPID" "$BASE/execd.ours"
fi
# ready = queue instance exists, has no state flags (u = unknown/unheard, E, a, d ...) and load reported
for _ in $(seq 1 150); do
  line=$(qstat -f -q all.q 2>/dev/null | awk -v q="all.q@$H" '$1==q')
  [ -n "$line" ] && [ "$(awk '{print NF}' <<<"$line")" = 5 ] && [ "$(awk '{print $4}' <<<"$line")" != "-NA-" ] && break
  sleep 0.2
done
[ "$(awk '{print NF}' <<<"$line")" = 5 ] || die "queue all.q@$H not ready: '$line'"
log "ready: $line"
echo "sge_qmaster pid $(cat $QPID)$([ -f "$BASE/qmaster.ours" ] && echo ' (started here)')"
echo "sge_execd   pid $(cat "$EPID")$([ -f "$BASE/execd.ours" ] && echo ' (started here)')"
