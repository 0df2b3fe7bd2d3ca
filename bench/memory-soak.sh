#!/bin/bash
# A long training run of the shipped rnn with its resident set (VmRSS of /proc/PID/status) sampled every few seconds:
# the soak of bench/RESULTS.md (2026-12-06 soak). The run trains the SST-2 Bi-LSTM + GloVe classifier (the model of the
# earlier soak) for as many epochs as fit in MINUTES, so every per-epoch path (validation, metrics, checkpoint, best
# weights) runs hundreds of times over batches of every length.
# Writes OUT_DIR/rss.tsv (seconds since start, KiB), OUT_DIR/run.log (the program's output) and the model in OUT_DIR/model;
# prints the RSS at minutes 1, 5, 10, 15, 20 (the sample nearest each mark), the lowest and highest from minute 5 on,
# and the peak (VmHWM).
# usage: bench/memory-soak.sh OUT_DIR [MINUTES] [BIN_DIR] [INTERVAL_S]
#   bench/memory-soak.sh /tmp/soak 20 src/Recurrent.Cli/bin/Release/net10.0 5
cd "$(dirname "$0")/.."
O=$1; MINUTES=${2:-20}; B=$(realpath "${3:-src/Recurrent.Cli/bin/Release/net10.0}")/rnn; INTERVAL=${4:-5}
S=$(realpath ../shared/data); mkdir -p "$O"
"$B" train classify --data "$S/sentiment_sst2_train/stsa.binary.train" --format label-first --model lstm --bidirectional \
  --pooling max --pretrained "$S/glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt" --valid-split 0.1 --seed 1 \
  --epochs 100000 --time-limit "${MINUTES}m" --out "$O/model" --overwrite > "$O/run.log" 2>&1 &
PID=$!
START=$(date +%s)
: > "$O/rss.tsv"
PEAK=0
while kill -0 $PID 2> /dev/null; do
  RSS=$(awk '/^VmRSS:/ { print $2 }' /proc/$PID/status 2> /dev/null)
  HWM=$(awk '/^VmHWM:/ { print $2 }' /proc/$PID/status 2> /dev/null)
  [ -n "$RSS" ] && printf "%d\t%d\n" $(( $(date +%s) - START )) "$RSS" >> "$O/rss.tsv"
  [ -n "$HWM" ] && PEAK=$HWM
  sleep "$INTERVAL"
done
wait $PID; RC=$?
echo "exit code $RC after $(( $(date +%s) - START )) s; $(grep -c '^  epoch ' "$O/run.log") epochs; peak (VmHWM) $PEAK KiB"
for M in 1 5 10 15 20; do
  awk -v t=$(( M * 60 )) -v m=$M '{ d = $1 > t ? $1 - t : t - $1; if (best == "" || d < best) { best = d; at = $1; kib = $2 } }
    END { if (best != "" && best <= 30) printf "minute %d: %d KiB (%.0f MiB) at %d s\n", m, kib, kib / 1024, at }' "$O/rss.tsv"
done
awk '$1 >= 300 { if (lo == "" || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
  END { if (lo != "") printf "from minute 5 on: lowest %d KiB, highest %d KiB (%.1f%% above the lowest)\n", lo, hi, 100 * (hi - lo) / lo }' "$O/rss.tsv"
