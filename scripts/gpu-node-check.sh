#!/usr/bin/env bash
# Checks, on a real GPU machine, that an agent with no declared accelerators detects the GPUs through nvidia-smi,
# reports them healthy, and that a job asking for one gets it (CUDA_VISIBLE_DEVICES) and sees it.
#
#   scripts/gpu-node-check.sh ONEPOOL_BINARY OUT_DIR
#
# ONEPOOL_BINARY is a self-contained build (the GPU machine has no .NET):
#   dotnet publish src/OnePool.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
#     -p:EnableCompressionInSingleFile=true -o .gpu/bin
# OUT_DIR receives nvidia-smi's raw answers (kept as test samples in tests/OnePool.Agent.Tests/Samples) and the
# CLI's views. Exits non-zero at the first check that fails.
set -euo pipefail
onepool=$(readlink -f "$1")
out=$(mkdir -p "$2" && readlink -f "$2")
work=$(mktemp -d)
export HOME=$work/home ONEPOOL_CONFIG=$work/cli.json
mkdir -p "$HOME"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds or the deadline passes
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then echo "FAIL: $what within the deadline" >&2; return 1; fi
    sleep 0.2
  done
}

echo "== nvidia-smi"
nvidia-smi -L | tee "$out/nvidia-smi-L.txt"
nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits | tee "$out/nvidia-smi-inventory.csv"
# The agent's health query (src/OnePool.Agent/Inventory/NvidiaSmi.cs), and the basic one older drivers answer.
nvidia-smi --query-gpu=index,ecc.errors.uncorrected.volatile.total,retired_pages.pending,remapped_rows.pending,remapped_rows.failure,gpu_recovery_action \
  --format=csv,noheader,nounits | tee "$out/nvidia-smi-health.csv" \
  || nvidia-smi --query-gpu=index,ecc.errors.uncorrected.volatile.total,retired_pages.pending --format=csv,noheader,nounits \
  | tee "$out/nvidia-smi-health.csv"
expected=$(nvidia-smi -L | grep -c '^GPU ')

echo "== broker"
"$onepool" server --data "$work/broker" --port 5091 >"$out/broker.log" 2>&1 &
pids+=($!)
wait_for 60 "the broker wrote its admin token" test -s "$work/broker/admin.token"
wait_for 60 "the broker answered" python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5091/healthz', timeout=2)"
"$onepool" login http://127.0.0.1:5091 --token "$(cat "$work/broker/admin.token")"
"$onepool" sites add gpu-node-check | tee "$work/site.txt"
token=$(grep -o 'op_site_[A-Za-z0-9_-]*' "$work/site.txt" | head -1)
[[ -n $token ]] || { echo "FAIL: no site token in 'sites add' output" >&2; exit 1; }

echo "== agent (no accelerators declared: detection by nvidia-smi)"
ONEPOOL_TOKEN=$token "$onepool" agent --broker http://127.0.0.1:5091 --data "$work/agent" >"$out/agent.log" 2>&1 &
pids+=($!)
# nodes -o json: {"nodes": [{"accelerators": {"MODEL": COUNT}, ...}]}; prints "MODEL COUNT" of the first node
first_model() { python3 -c "import json,sys; n=json.load(sys.stdin); n=n.get('nodes',n) if isinstance(n,dict) else n; a=n[0]['accelerators'] if n else {}; [print(m,c) for m,c in a.items()]"; }
gpus_known() { [[ $("$onepool" nodes -o json | first_model | awk '{s+=$2} END {print s+0}') -ge $expected ]]; }
wait_for 60 "the agent reported $expected GPU(s)" gpus_known
"$onepool" nodes | tee "$out/nodes.txt"
"$onepool" nodes -o json >"$out/nodes.json"
"$onepool" pool | tee "$out/pool.txt"

echo "== a job that asks for one GPU"
model=$(first_model <"$out/nodes.json" | head -1 | cut -d' ' -f1)
"$onepool" run --gpus "$model:1" -- bash -c 'echo "CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES"; nvidia-smi -L' | tee "$out/run.txt"
grep -q '^CUDA_VISIBLE_DEVICES=[0-9]' "$out/run.txt" || { echo "FAIL: the job got no CUDA_VISIBLE_DEVICES" >&2; exit 1; }
[[ $(grep -c '^GPU ' "$out/run.txt") == 1 ]] || { echo "FAIL: the job should see exactly one GPU" >&2; exit 1; }
grep -q "A100\|H100\|H200\|$model" "$out/nodes.txt" && ! grep -qi "unhealthy" "$out/agent.log" \
  || { echo "FAIL: the agent reported a GPU unhealthy" >&2; exit 1; }
echo "PASS: $expected GPU(s) detected as $model, healthy, and handed to a job one at a time"
