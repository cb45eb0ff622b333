#!/usr/bin/env bash
# Scheduler fidelity digests: runs scenarios, explains and small benches with the built CLI (dist/) and
# prints one "name sha256" line per output. Two builds are equivalent when their outputs are identical;
# expected.txt holds main's lines; a speed-up must reproduce them exactly, and a behaviour fix that
# changes them updates the file in a commit of its own saying why (`git log bench/fidelity/expected.txt`):
#   npm run build && bash bench/fidelity/check.sh > /tmp/after.txt && diff bench/fidelity/expected.txt /tmp/after.txt
# Wall-clock lines (summary "wall", bench timings) are excluded from the hashes. DIST=<folder> runs
# another build (e.g. a copy of dist/ taken before a change); FIDELITY_OUT=<folder> keeps the outputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${DIST:-dist}
K="node $D/src/cli/main.js"
OUT=${FIDELITY_OUT:-/tmp/kubesim-fidelity}
rm -rf "$OUT" && mkdir -p "$OUT"
h() { sha256sum | cut -c1-16; }

run() { # name scenario [--set ...]
  local name=$1 scen=$2; shift 2
  $K run "$scen" --out "$OUT/$name" --trace --quiet "$@"
  echo "$name digest $(grep -o '"trace_digest": *"[0-9a-f]*"' "$OUT/$name/summary.json" | grep -o '[0-9a-f]\{16\}')"
  for f in trace.txt pods.csv events.csv timeseries.csv; do echo "$name $f $(h < "$OUT/$name/$f")"; done
  echo "$name summary $(grep -v -e wall -e kubesim_version "$OUT/$name/summary.json" | h)"
}

M=bench/fidelity/mixed-600.yaml
run mixed $M
run mixed-pct100 $M --set spec.scheduler.percentageOfNodesToScore=100
run mixed-pct30-first-136 $M --set spec.scheduler.percentageOfNodesToScore=30 --set spec.scheduler.tieBreak=first --set 'spec.kubernetesVersion="1.36"'
run binpack-default scenarios/binpack-vs-spread-1000.yaml
run mixed-spread $M --set 'spec.scheduler.profiles[0].preset=spread'
run binpack-packing scenarios/binpack-vs-spread-1000.yaml --set 'spec.scheduler.profiles[0].preset=bin-packing'
run rolling-update scenarios/rolling-update-zone-outage.yaml

$K compare scenarios/binpack-vs-spread-1000.yaml --profile bin-packing --profile spread --profile first-fit \
  --seeds 1..2 --out "$OUT/compare" > /dev/null
echo "compare compare.csv $(h < "$OUT/compare/compare.csv")"

for at in 0 4m 11m; do
  for p in bench/fidelity/pods/*.yaml; do
    b=$(basename "$p" .yaml)
    echo "explain-$at-$b $($K explain $M --pod "$p" --at $at --json | h)"
    [ "$at" = 11m ] || echo "explain-all-$at-$b $($K explain $M --pod "$p" --at $at --json --all-nodes | h)"
  done
done
echo "explain-demo $($K explain scenarios/explain-demo.yaml --pod scenarios/data/explain-pod.yaml --json | h)"
echo "explain-demo-all $($K explain scenarios/explain-demo.yaml --pod scenarios/data/explain-pod.yaml --json --all-nodes | h)"
echo "explain-demo-table $($K explain scenarios/explain-demo.yaml --pod scenarios/data/explain-pod.yaml | h)"

for args in "300 40 25 0" "300 40 25 100" "1000 60 50 0" "1000 60 50 100"; do
  echo "bench $args $(node $D/bench/scheduler-throughput.js $args | grep -v -e wallS -e podsPerWallS -e heapMiB | h)"
done
