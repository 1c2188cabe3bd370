#!/usr/bin/env bash
# The reference study of docs/reliability.md: a 30-day Llama 3 70B job on 8,192 Ascend 910C of
# the supernode cluster and of a cluster of 8-NPU servers with the same NPUs, under the default
# failure rates, for several checkpoint policies, spare pools, recovery times and failure rates;
# then a Llama 3 405B-like run on 16,384 H100 beside Meta's published figures.
#   scripts/reliability-study.sh [REPLICAS]     (default 20; prints one CSV line per case)
# Needs a built tcsim (scripts/setup.sh) and python3 for reading the JSON reports.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tcsim="${TCSIM:-$repo/build/src/tcsim}"
replicas="${1:-20}"
jobs="$(nproc 2>/dev/null || echo 2)"

# 9.45 T tokens: 30 days of failure-free training on the supernode cluster.
llama70=(-w "$repo/workloads/llama3-70b-long.json" --set workload.tokens=9.45e12)
sync_hourly='workload.checkpoint={"mode": "sync", "tiers": [{"tier": "parallel_fs", "every_s": 3600}]}'
sync_daly='workload.checkpoint={"mode": "sync", "tiers": [{"tier": "parallel_fs", "every": "young_daly"}]}'
async_daly='workload.checkpoint={"mode": "async", "tiers": [{"tier": "parallel_fs", "every": "young_daly"}]}'
no_checkpoints='workload.checkpoint={"tiers": []}'

echo "case,topology,checkpoints,failure_free_days,ttt_mean_days,ttt_ci95_days,ttt_p90_days,goodput_mean,interruptions_mean,lost_work_h,checkpoint_h,restart_h,repair_wait_h,p_no_interruption,unfinished"
run_case() {
  local name="$1"; shift
  "$tcsim" run -q --format json --replicas "$replicas" --jobs "$jobs" "$@" | python3 -c '
import csv, json, sys
r = json.load(sys.stdin)
m = r["monte_carlo"]; run = r["run"]; day = 86400.0; hour = 3600.0
tiers = "+".join(t["tier"] + ("@" + str(t.get("every_steps", "")) if "every_steps" in t else "") for t in r["reliability"]["checkpoint"]["tiers"]) or "none"
mode = r["reliability"]["checkpoint"]["mode"] if r["reliability"]["checkpoint"]["tiers"] else ""
ttt = m["time_to_train_s"]
csv.writer(sys.stdout, lineterminator="\n").writerow([sys.argv[1], r["topology"], (mode + " " + tiers).strip(),
  round(run["steps"] * r["step"]["time_s"] / day, 2), round(ttt["mean"] / day, 2),
  "%.2f-%.2f" % (ttt["ci95"][0] / day, ttt["ci95"][1] / day), round(ttt["p90"] / day, 2),
  round(m["goodput"]["mean"], 4), round(m["interruptions"]["mean"], 1), round(m["lost_work_s"]["mean"] / hour, 1),
  round(m["checkpoint_s"]["mean"] / hour, 2), round(m["restart_s"]["mean"] / hour, 1), round(m["repair_wait_s"]["mean"] / hour, 1),
  round(m["p_no_interruption"], 3), m["unfinished"]])
' "$name"
}

for topology in supernode-cluster ascend-server-cluster; do
  t=(-t "$repo/topologies/$topology.json")
  run_case "no checkpoints" "${t[@]}" "${llama70[@]}" --set "$no_checkpoints"
  run_case "sync, hourly" "${t[@]}" "${llama70[@]}" --set "$sync_hourly"
  run_case "sync, Young/Daly" "${t[@]}" "${llama70[@]}" --set "$sync_daly"
  run_case "async, Young/Daly" "${t[@]}" "${llama70[@]}" --set "$async_daly"
  run_case "async multi-tier" "${t[@]}" "${llama70[@]}"
  run_case "async multi-tier, no spares" "${t[@]}" "${llama70[@]}" --set 'topology.reliability={"spares": {"servers": 0}}'
  run_case "async multi-tier, 8 cold spares" "${t[@]}" "${llama70[@]}" \
    --set 'topology.reliability={"spares": {"servers": 8, "kind": "cold", "cold_start_s": 1800}}'
done

# What the 5-per-mille claim asks of rates and recovery (supernode cluster, multi-tier async).
t=(-t "$repo/topologies/supernode-cluster.json")
for scale in 1 0.25 0.1; do
  run_case "rates x $scale, recovery 8 min" "${t[@]}" "${llama70[@]}" --set "topology.reliability={\"rate_scale\": $scale}"
  run_case "rates x $scale, process restart 1 min" "${t[@]}" "${llama70[@]}" \
    --set "topology.reliability={\"rate_scale\": $scale, \"detection_s\": 10, \"restart_s\": 120, \"process_restart_s\": 50}"
done

# Llama 3 405B-like: 16,384 H100 on 2,048 DGX H100 (plus 64 spare nodes), 54 days of training,
# Meta's storage bandwidth (2 TB/s: 20 servers of 100 GB/s), checkpoints sized by the model.
run_case "Llama 3 405B-like" -t "$repo/topologies/dgx-h100-superpod.json" -w "$repo/workloads/llama3-405b.json" \
  --set topology.nodes=2112 --set workload.parallelism.dp=128 --set workload.tokens=5.36e12 \
  --set topology.storage.parallel_fs.servers=20 --set topology.storage.parallel_fs.drives_per_server=28
