#!/bin/sh
# Per-character latency of `rnn generate` as a user runs it (batch 1, sampling at temperature 0.8, output streamed to a
# pipe): the time of --length 20000 minus that of --length 1, so start-up and loading cancel out. Median and range of
# ROUNDS rounds for each model. The weights do not change the speed, so each model is trained for a few seconds only
# (the char LSTMs of docs/generation.md: embedding 64, 2 layers of 256 and of 512).
# Usage: bench/generation-latency.sh [ROUNDS]   (default 5)
set -e
cd "$(dirname "$0")/.."
rounds=${1:-5}
dotnet build -c Release src/Recurrent.Cli >/dev/null
rnn=src/Recurrent.Cli/bin/Release/net10.0/rnn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for hidden in 256 512; do
  "$rnn" train lm --data data/tinyshakespeare/input.txt --layers 2 --hidden "$hidden" --epochs 1 --time-limit 5s \
    --valid-fraction 0.01 --quiet --out "$work/lm$hidden" >/dev/null
done
seconds() { start=$(date +%s.%N); "$rnn" generate "$1" --length "$2" --seed 1 >/dev/null; awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
for hidden in 256 512; do
  samples=""
  for round in $(seq "$rounds"); do
    short=$(seconds "$work/lm$hidden" 1)
    long=$(seconds "$work/lm$hidden" 20000)
    samples="$samples $(awk -v l="$long" -v s="$short" 'BEGIN { print (l - s) * 1000 / 19999 }')"
  done
  echo "$samples" | tr ' ' '\n' | grep . | sort -g | awk -v h="$hidden" '
    { v[NR] = $1 } END { printf "char LSTM 2 x %s: %.3f ms per character (median of %d; range %.3f-%.3f)\n", h, v[int((NR + 1) / 2)], NR, v[1], v[NR] }'
done
