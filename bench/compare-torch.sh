#!/bin/sh
# Recurrent against PyTorch, alternately on the same configurations in one run; prints the ratio table (Markdown).
# Builds the CLI and the bench tool in Release first. Options: see bench/compare_torch.py (--rounds N, --quick, --only train|infer|generate|gemm).
set -e
cd "$(dirname "$0")/.."
dotnet build -c Release src/Recurrent.Cli >/dev/null
dotnet build -c Release bench/Recurrent.Bench >/dev/null
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/compare_torch.py "$@"
