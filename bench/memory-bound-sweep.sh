#!/bin/bash
# Every rnn command on every data set of data/ and ../shared/data under a GC heap hard limit, one line per run: exit
# code, peak resident set (KiB, /usr/bin/time) and the first exception. Used for bench/RESULTS.md (2026-12-06).
# usage: bench/memory-bound-sweep.sh HARD_LIMIT_HEX OUT_DIR [BIN_DIR] [classify|lm|all]
#   bench/memory-bound-sweep.sh 0x10000000 /tmp/sweep256 src/Recurrent.Cli/bin/Release/net10.0 classify
#   bench/memory-bound-sweep.sh 0x18000000 /tmp/sweep384 src/Recurrent.Cli/bin/Release/net10.0 lm
cd "$(dirname "$0")/.."
L=$1; O=$2; B=$(realpath "${3:-src/Recurrent.Cli/bin/Release/net10.0}")/rnn; PART=${4:-all}
S=$(realpath ../shared/data); R=$(pwd); mkdir -p "$O"
run() { name=$1; shift
  /usr/bin/time -f "maxrss %M wall %e" env DOTNET_GCHeapHardLimit=$L "$@" > $O/$name.log 2>&1; rc=$?
  printf "%-26s rc=%s %s %s\n" $name $rc "$(grep -E 'maxrss' $O/$name.log)" "$(grep -m1 -E 'Exception' $O/$name.log | cut -c1-80)"; }
U="--data $R/data/sentiment_uci/amazon_cells_labelled.txt --data $R/data/sentiment_uci/imdb_labelled.txt --data $R/data/sentiment_uci/yelp_labelled.txt"
head -c 300000 $R/data/tinyshakespeare/input.txt > $O/shakespeare-300k.txt
if [ "$PART" != lm ]; then
  run uci-bilstm $B train classify $U --model lstm --bidirectional --hidden 128 --embedding-dim 32 --epochs 4 --out $O/m-uci --overwrite
  run uci-gru-attn $B train classify $U --model gru --pooling attention --layers 2 --epochs 2 --out $O/m-uci2 --overwrite
  run sst2-glove $B train classify --data $S/sentiment_sst2_train/stsa.binary.train --format label-first --model lstm --bidirectional --pooling max --pretrained $S/glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt --valid-split 0.1 --seed 1 --epochs 3 --out $O/m-sst2 --overwrite
  run sst2-meanvec $B train classify --data $S/sentiment_sst2_train/stsa.binary.train --format label-first --baseline mean-vectors --pretrained $S/glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt --out $O/m-sst2b --overwrite
  run names-bilstm $B train classify --data $S/names --format folder --level char --lowercase false --valid-split 0.2 --model lstm --bidirectional --hidden 256 --embedding-dim 64 --batch-size 64 --epochs 1 --out $O/m-names --overwrite
  run agnews-bilstm $B train classify --data $S/news_agnews_subset/train_5000.csv --model lstm --bidirectional --epochs 1 --out $O/m-ag --overwrite
  run agnews-tfidf $B train classify --data $S/news_agnews_subset/train_5000.csv --baseline tfidf --out $O/m-agt --overwrite
  run compare-uci $B compare classify $U --models rnn,lstm,bilstm,gru,tfidf --epochs 2
  run evaluate-sst2 $B evaluate $O/m-sst2 --data $S/sentiment_sst2_train/stsa.binary.train --format label-first
  run evaluate-ag $B evaluate $O/m-ag --data $S/news_agnews_subset/train_5000.csv
  run predict-names $B predict $O/m-names "Schmidt" "Nakamura" "O'Brien"
  run summary-uci $B summary $O/m-uci
  run bench-infer-bi512 $B bench --mode infer --hidden 512 --bidirectional --seconds 1
  run bench-generate $B bench --mode generate --seconds 1
fi
if [ "$PART" != classify ]; then
  run lm-2x512 $B train lm --data $R/data/tinyshakespeare/input.txt --layers 2 --hidden 512 --time-limit 30s --out $O/m-lm --overwrite
  run lm-word $B train lm --data $S/tinyshakespeare/input.txt --level word --time-limit 20s --out $O/m-lmw --overwrite
  run lm-conll $B train lm --data $S/ner_conll2003/eng.train --model gru --time-limit 15s --out $O/m-lmc --overwrite
  run lm-wnut $B train lm --data $S/ner_wnut17/wnut17train.conll --model rnn --time-limit 15s --out $O/m-lmn --overwrite
  run lm-deu $B train lm --data $S/translation_eng_deu/deu_eng_train.txt --level word --time-limit 15s --out $O/m-lmd --overwrite
  run lm-sunspots $B train lm --data $S/timeseries/monthly-sunspots.csv --time-limit 10s --out $O/m-lms --overwrite
  run evaluate-lm $B evaluate $O/m-lm --data $O/shakespeare-300k.txt
  run generate-lm $B generate $O/m-lm --prime "ROMEO:" --length 300
  run quickstart $B quickstart --data $R/data/tinyshakespeare/input.txt --time 20s --retrain --out $O/m-quick --quiet
  run bench-default $B bench --seconds 1
fi
