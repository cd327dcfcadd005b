#!/usr/bin/env bash
# scripts/slurm-array.sh on a real one-node Slurm cluster: starts munged, slurmctld and slurmd
# with a temporary config (proctrack/linuxproc, task/none: no cgroups or systemd needed), runs a
# five-area scenario as 3 shards and checks the merged estimates.csv equals an unsharded run's;
# then kills one task on purpose and checks the merge job never ran while the other shards
# finished. Stops the daemons it started and removes its files on any exit.
# (tests/scripts/slurm_array_test.cpp is the quick path, with a stand-in sbatch.)
# Usage: slurm_cluster_test.sh PREVALENCE_BINARY
# Exit 77 (ctest: skipped) when not root or without Debian's slurm-wlm and munge.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"  # the daemons live in sbin
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: the daemons run as root here (SlurmUser=root), and this is uid $(id -u)"
  exit 77
fi
for tool in munged slurmctld slurmd sbatch scontrol squeue scancel sinfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: no $tool (Debian: apt-get install slurm-wlm munge)"
    exit 77
  fi
done

# Only this cluster's settings: none from a Slurm job or user environment this may run in.
while read -r variable; do unset "$variable"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SQUEUE|SINFO|SCANCEL|SCONTROL)_' || true)

work="$(mktemp -d)"
daemons=()  # pids of the daemons started here, stopped in reverse order
jobs_submitted=()

stop() {
  local status=$? pid i i2
  trap - EXIT
  if ((${#jobs_submitted[@]})); then
    # A job's slurmstepd outlives slurmd: end the jobs while slurmctld can still do it.
    scancel "${jobs_submitted[@]}" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break
      sleep 0.25
    done
  fi
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    pid=${daemons[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for ((i2 = 0; i2 < 40; i2++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $1" >&2
  local log
  for log in "$work"/daemons/*.log "$work"/daemons/*.out "$work"/*/logs/*.out; do
    [[ -f $log ]] || continue
    echo "--- ${log#"$work"/} (last 30 lines)" >&2
    tail -n 30 "$log" >&2
  done
  exit 1
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

# Two TCP ports nothing on this machine is bound to (from /proc/net/tcp*, no tools needed).
declare -A used=()
while read -r _ local _; do
  [[ $local == *:* ]] && used[$((16#${local##*:}))]=1
done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
ports=()
while ((${#ports[@]} < 2)); do
  port=$((20000 + RANDOM % 12000))  # below the usual ephemeral range
  [[ -z ${used[$port]:-} ]] && used[$port]=1 && ports+=("$port")
done

mkdir -p "$work/daemons" "$work/state" "$work/spool"
# A private copy: every run below uses the same binary even if the build replaces it meanwhile.
cp -- "$1" "$work/prevalence"
bin="$work/prevalence"
cd "$work"

# munge, with its own key and socket: slurm's daemons and commands authenticate through it.
# --force: the socket's directory is private (mktemp), which munged otherwise refuses.
key="$work/daemons/munge.key"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$key"
else
  dd if=/dev/urandom bs=1 count=1024 of="$key" status=none
fi
chmod 600 "$key"
socket="$work/daemons/munge.socket"
munged --foreground --force --key-file="$key" --socket="$socket" --pid-file="$work/daemons/munged.pid" \
  --log-file="$work/daemons/munged.log" --seed-file="$work/daemons/munged.seed" \
  >"$work/daemons/munged.out" 2>&1 &
daemons+=($!)
wait_for 10 test -S "$socket" || fail "munged did not start"

node="$(hostname -s)"
export SLURM_CONF="$work/slurm.conf"
# 127.0.0.1 for both hosts: no name resolution needed. Accounting, MPI and
# cgroups are off: none are needed on one node, and a container may have no cgroups.
cat >"$SLURM_CONF" <<EOF
ClusterName=prevalence-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/daemons/slurmctld.pid
SlurmdPidFile=$work/daemons/slurmd.pid
SlurmctldLogFile=$work/daemons/slurmctld.log
SlurmdLogFile=$work/daemons/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=500 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
echo "starting slurmctld and slurmd on $node (ports ${ports[0]}, ${ports[1]})"
slurmctld -D -c -f "$SLURM_CONF" >"$work/daemons/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >"$work/daemons/slurmd.out" 2>&1 &
daemons+=($!)
node_idle() { [[ $(sinfo -h -n "$node" -o %T 2>/dev/null) == idle ]]; }
wait_for 60 node_idle || fail "node $node not idle after 60 s: $(sinfo -h -o %T 2>&1 || true)"
echo "node $node is idle"

# The faked-sbatch test's population and scenario: 5 areas, 300 draws, seed 3. A space in the
# paths: the script must quote for sbatch and for the task's shell.
{
  echo "area_code,area_name,year,sex,age,count"
  for area in 1 2 3 4 5; do
    for age in 0 1 2; do
      echo "E0000000$area,Area $area,2019,persons,$([[ $age == 2 ]] && echo 2+ || echo $age),$((1000 * area + age))"
    done
  done
} >population.csv
mkdir "my scenarios"
scenario="$work/my scenarios/s.toml"
cat >"$scenario" <<'EOF'
title = "Slurm"
[population]
file = "../population.csv"
year = 2019
[areas]
all = true
[run]
draws = 300
seed = 3
[[measure]]
id = "m"
label = "a measure"
ages = "0-1"
source = "s"
percent = 10
interval = [8, 12]
EOF
"$bin" run "$scenario" --quiet --out "$work/whole" >/dev/null

# Every record of a job as "TASK STATE" lines (TASK is "-" for a job that is no array).
states() {
  scontrol -o show job "$1" 2>/dev/null |
    sed -n -e 's/.* ArrayTaskId=\([^ ]*\) .* JobState=\([A-Z_]*\) .*/\1 \2/p' \
      -e t -e 's/.* JobState=\([A-Z_]*\) .*/- \1/p'
}
# True when no record of the job is pending, running or finishing.
finished() { [[ -n $(states "$1") ]] && ! states "$1" | grep -qE ' (PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED)$'; }
# Submits with scripts/slurm-array.sh; sets array_job and merge_job.
submit() {
  local out
  out="$(bash "$here/scripts/slurm-array.sh" "$@")" || fail "slurm-array.sh $*"
  echo "$out"
  [[ $out =~ as\ job\ ([0-9]+),\ merge\ as\ job\ ([0-9]+) ]] || fail "no job ids in: $out"
  array_job=${BASH_REMATCH[1]} merge_job=${BASH_REMATCH[2]}
  jobs_submitted+=("$array_job" "$merge_job")
}

out="$work/results dir"
submit --prevalence "$bin" "$scenario" 3 "$out"
wait_for 90 finished "$merge_job" || fail "merge job $merge_job not finished after 90 s"
[[ $(states "$array_job" | sort) == $'1 COMPLETED\n2 COMPLETED\n3 COMPLETED' ]] ||
  fail "array job $array_job: $(states "$array_job" | tr '\n' ' ')"
[[ $(states "$merge_job") == "- COMPLETED" ]] || fail "merge job $merge_job: $(states "$merge_job")"
grep -q "Slurm: shard 2 of 3, areas 2 to 3 of 5" "$out/logs/shard-2.out" || fail "task 2 did not run shard 2 of 3"
grep -q "merged 3 shards of 5 area(s)" "$out/logs/merge.out" || fail "the merge did not merge 3 shards"
cmp "$work/whole/estimates.csv" "$out/estimates.csv" || fail "merged estimates.csv differs from the unsharded run's"
echo "ok: 3 tasks and the merge completed; merged estimates.csv equals the unsharded run's"

# The failure path: task 2 runs a stand-in that waits to be killed (its pid in a file), and
# is killed with SIGKILL as an out-of-memory kill would; the others run the real binary.
cat >"$work/prevalence-task2-dies" <<EOF
#!/usr/bin/env bash
if [[ \${SLURM_ARRAY_TASK_ID:-} == 2 ]]; then
  echo \$\$ > $(printf '%q' "$work/task2.pid")
  exec sleep 120
fi
exec $(printf '%q' "$bin") "\$@"
EOF
chmod +x "$work/prevalence-task2-dies"
out="$work/results killed"
submit --prevalence "$work/prevalence-task2-dies" "$scenario" 3 "$out"
task2_waiting() { [[ -s $work/task2.pid && $(states "${array_job}_2") == "2 RUNNING" ]]; }
wait_for 60 task2_waiting || fail "task 2 of job $array_job did not start: $(states "$array_job" | tr '\n' ' ')"
kill -KILL "$(cat "$work/task2.pid")"
echo "killed task 2 of job $array_job"
wait_for 60 finished "$array_job" || fail "array job $array_job not finished after 60 s"
wait_for 60 finished "$merge_job" || fail "merge job $merge_job still waiting 60 s after its array ended"
[[ $(states "$array_job" | sort) == $'1 COMPLETED\n2 FAILED\n3 COMPLETED' ]] ||
  fail "array job $array_job: $(states "$array_job" | tr '\n' ' ')"
[[ $(states "$merge_job") == "- CANCELLED" ]] || fail "merge job $merge_job: $(states "$merge_job")"
[[ -s $out/shards/1/estimates.csv && -s $out/shards/3/estimates.csv ]] || fail "shards 1 and 3 have no estimates"
[[ ! -e $out/shards/2/estimates.csv ]] || fail "killed shard 2 has estimates"
for f in estimates.csv results.h5 logs/merge.out; do
  [[ ! -e $out/$f ]] || fail "$f exists: the merge ran after a task failed"
done
echo "ok: task 2 failed, tasks 1 and 3 completed, merge job $merge_job was cancelled and never ran"
echo "PASS"
