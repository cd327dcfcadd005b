#!/usr/bin/env bash
# Runs a scenario on a Slurm cluster as a job array: one shard of its areas
# per array task, then `prevalence merge` as a job that starts only when
# every task has succeeded. The merged directory holds exactly what one
# unsharded `prevalence run` would write.
#
# Usage:
#   scripts/slurm-array.sh [options] SCENARIO.toml N [OUT] [-- RUN_OPTION...]
#
#   SCENARIO.toml  the scenario to run
#   N              number of shards, one array task each; at most the
#                  scenario's number of areas (a task with more fails at once)
#   OUT            the merged results (default: results/<scenario name>);
#                  shard K goes to OUT/shards/K, logs to OUT/logs
#   RUN_OPTION...  passed to every `prevalence run`, e.g. -- --draws 100000 --mode realised
#
# Options:
#   --dry-run            print the commands (a runnable script) instead of submitting
#   --cpus-per-task C    CPUs of each task, used as its --threads (default 1)
#   --max-running M      run at most M tasks at once (sbatch --array=1-N%M)
#   --prevalence PATH    the prevalence binary (default: build/prevalence of this checkout)
#   -h, --help           show this text
#
# Examples:
#   scripts/slurm-array.sh config/big.toml 100 -- --draws 100000
#   scripts/slurm-array.sh --dry-run --cpus-per-task 4 config/big.toml 100 results/big
#
# Task ids: the array is submitted as --array=1-N, so SLURM_ARRAY_TASK_ID is
# already the 1-based K of --areas-shard K/N. (An array submitted as 0-(N-1)
# would need K = SLURM_ARRAY_TASK_ID + 1.) Each task runs with --threads
# SLURM_CPUS_PER_TASK, which Slurm sets from --cpus-per-task.
#
# Partition, account, time limit and the like come from sbatch's own
# environment variables, e.g. SBATCH_PARTITION=short SBATCH_ACCOUNT=proj
# SBATCH_TIMELIMIT=2:00:00 scripts/slurm-array.sh ...
#
# Prints the two job ids. If a task fails, the merge job is cancelled
# (--kill-on-invalid-dep): fix the cause, rerun the failed shards (the
# --dry-run commands with --array=K1,K2,...), then the merge command.

set -euo pipefail

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; }
fail() {
  printf 'slurm-array.sh: error: %s\n' "$1" >&2
  exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prevalence="$here/../build/prevalence"
dry_run=false
cpus=1
max_running=""
positional=()
run_options=()

while (($#)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --cpus-per-task) (($# >= 2)) || fail "--cpus-per-task needs a value"; cpus=$2; shift ;;
    --max-running) (($# >= 2)) || fail "--max-running needs a value"; max_running=$2; shift ;;
    --prevalence) (($# >= 2)) || fail "--prevalence needs a path"; prevalence=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; run_options=("$@"); break ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) positional+=("$1") ;;
  esac
  shift
done

((${#positional[@]} >= 2 && ${#positional[@]} <= 3)) ||
  fail "expected SCENARIO.toml N [OUT] (see --help)"
scenario=${positional[0]}
shards=${positional[1]}
[[ -f $scenario ]] || fail "$scenario: no such scenario file"
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "N \"$shards\": expected a whole number of shards, at least 1"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || fail "--cpus-per-task \"$cpus\": expected a whole number, at least 1"
[[ -z $max_running || $max_running =~ ^[1-9][0-9]*$ ]] ||
  fail "--max-running \"$max_running\": expected a whole number, at least 1"
name=$(basename "$scenario" .toml)
out=${positional[2]:-results/$name}

# Absolute paths: a job may start in another directory than the submitter.
scenario=$(realpath -- "$scenario")
out=$(realpath -m -- "$out")
prevalence=$(realpath -m -- "$prevalence")
$dry_run || [[ -x $prevalence ]] || fail "$prevalence: no prevalence binary (build it, or give --prevalence PATH)"

# `sbatch --wrap` runs its command with sh: quote every word for it, and
# leave the task's own variables to expand when the task runs.
quote() {
  local words
  words=$(printf '%q ' "$@")
  printf '%s' "${words% }"
}
task_command="exec $(quote "$prevalence" run "$scenario") --areas-shard \"\$SLURM_ARRAY_TASK_ID\"/$shards"
task_command+=" --threads \"\${SLURM_CPUS_PER_TASK:-1}\" --out $(quote "$out")/shards/\"\$SLURM_ARRAY_TASK_ID\""
if ((${#run_options[@]})); then task_command+=" $(quote "${run_options[@]}")"; fi
# The shard directories are listed when the merge starts; merge checks that
# they are exactly shards 1 to N.
merge_command="exec $(quote "$prevalence" merge "$scenario") $(quote "$out")/shards/* --out $(quote "$out")"

array=(sbatch --parsable --job-name "prevalence-$name" --array "1-$shards${max_running:+%$max_running}"
  --cpus-per-task "$cpus" --output "$out/logs/shard-%a.out" --wrap "$task_command")
merge=(sbatch --parsable --job-name "prevalence-$name-merge" --kill-on-invalid-dep=yes
  --output "$out/logs/merge.out" --wrap "$merge_command")

# Words for a person to read and a shell to run: in single quotes only
# where they need quoting.
readable() {
  local word quoted=()
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=%,+@-]+$ ]]; then
      quoted+=("$word")
    else
      quoted+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  printf '%s' "${quoted[*]}"
}

if $dry_run; then
  # The printed lines expand $array_job when they are run, not here.
  # shellcheck disable=SC2016
  printf '%s\narray_job=$(%s)\n%s --dependency "afterok:${array_job%%%%;*}" %s\n' \
    "$(readable mkdir -p "$out/logs")" "$(readable "${array[@]}")" \
    "$(readable "${merge[@]:0:2}")" "$(readable "${merge[@]:2}")"
  exit 0
fi

# Slurm writes logs only into a directory that exists.
mkdir -p "$out/logs"
array_job=$("${array[@]}")
array_job=${array_job%%;*}  # --parsable prints "id" or "id;cluster"
merge_job=$("${merge[@]:0:2}" --dependency "afterok:$array_job" "${merge[@]:2}")
merge_job=${merge_job%%;*}
printf 'submitted %s shard task(s) as job %s, merge as job %s; results in %s\n' \
  "$shards" "$array_job" "$merge_job" "$out"
