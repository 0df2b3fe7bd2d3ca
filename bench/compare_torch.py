#!/usr/bin/python3
"""Recurrent against PyTorch on the same configurations, alternately (ours, PyTorch, ours, PyTorch, ...), in one run.

Ours: `rnn bench ... --json` (src/Recurrent.Cli, Release build). PyTorch: ../shared/bench/torch_rnn_bench.py and
charlm_latency.py with Debian's /usr/bin/python3, AVX-512 OpenBLAS (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset) and the
fast 2-core split (OpenBLAS 2 threads, torch 1). Prints a Markdown table: per configuration the median over rounds of
each side's median step time, the min-max of those medians, and the ratio of the medians (tokens/s ours / PyTorch;
for generation PyTorch ms per char / ours).
With --only gemm (or in the full run, after the recurrent table): SGEMM at 1024³ and 2048³ on the same threads,
bench/Recurrent.Bench (`gemm --square N`) against numpy.matmul on OpenBLAS, alternately; GFLOP/s = 2·n³ / time.
Usage: bench/compare-torch.sh [--rounds 2] [--quick] [--only train|infer|generate|gemm] [--match 'train lstm 512 2 bi'] [--seconds 2]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(REPO, '..', 'shared', 'bench'))
BENCH = os.path.join(REPO, 'bench', 'Recurrent.Bench', 'bin', 'Release', 'net10.0', 'Recurrent.Bench.dll')
RNN = os.environ.get('RNN_DLL') or os.path.join(REPO, 'src', 'Recurrent.Cli', 'bin', 'Release', 'net10.0', 'rnn.dll')
TORCH_ENV = {k: v for k, v in os.environ.items() if k not in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')}

# (mode, cell, hidden, layers, bidirectional): the grid.
FULL = ([('train', 'lstm', h, l, bi) for l in (1, 2) for bi in (False, True) for h in (128, 256, 512)]
        + [('train', 'lstm', 1024, 1, False)]
        + [('train', c, h, 1, False) for c in ('gru', 'rnn') for h in (128, 256, 512)]
        + [('infer', 'lstm', h, 1, bi) for bi in (False, True) for h in (128, 256, 512)]
        + [('generate', 'lstm', 512, 2, False)])
QUICK = ([('train', 'lstm', h, 1, False) for h in (128, 256, 512)] + [('train', 'lstm', 256, 2, True), ('train', 'lstm', 1024, 1, False)]
         + [('train', c, 256, 1, False) for c in ('gru', 'rnn')]
         + [('infer', 'lstm', h, 1, False) for h in (128, 256, 512)] + [('generate', 'lstm', 512, 2, False)])


def ours(cfg, threads, seconds, peak):
    mode, cell, h, l, bi = cfg
    cmd = ['dotnet', RNN, 'bench', '--mode', mode, '--cell', cell, '--threads', str(threads), '--json',
           '--seconds', str(seconds), '--peak-gflops', str(peak)]
    if mode != 'generate':
        cmd += ['--hidden', str(h), '--layers', str(l)] + (['--bidirectional'] if bi else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rec = json.loads(out.strip().splitlines()[-1])
    if mode == 'generate':
        return rec['ms_per_char'], rec
    return rec['ms_per_step'], rec


def torch(cfg, threads):
    mode, cell, h, l, bi = cfg
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'r.jsonl')
        if mode == 'generate':
            cmd = ['/usr/bin/python3', 'charlm_latency.py', '--threads', str(threads), '--out', out, '--tag', 'compare']
        else:
            cmd = ['/usr/bin/python3', 'torch_rnn_bench.py', '--cells', cell, '--hidden', str(h), '--layers', str(l),
                   '--bidir', '1' if bi else '0', '--threads', str(threads), '--mode', mode, '--out', out, '--tag', 'compare']
        subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=SHARED, env=TORCH_ENV)
        rec = json.loads(open(out).read().strip().splitlines()[-1])
    return (rec['gen_ms_per_char'] if mode == 'generate' else rec['ms_median']), rec


NUMPY_GEMM = r"""
import sys, time, numpy as np
sys.path.insert(0, %r)
from benchutil import set_threads
n, threads = int(sys.argv[1]), int(sys.argv[2])
set_threads(threads)
a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32); c = np.empty((n, n), np.float32)
for _ in range(3): np.matmul(a, b, out=c)
reps = max(1, int(0.2 / (2 * n ** 3 / 300e9)))
rates = []
for _ in range(5):
    t = time.perf_counter()
    for _ in range(reps): np.matmul(a, b, out=c)
    rates.append(2 * n ** 3 * reps / (time.perf_counter() - t) / 1e9)
rates.sort(); print(rates[2])
"""


def gemm_rows(rounds, threads):
    """SGEMM GFLOP/s at 1024³ and 2048³, ours and numpy's alternately; the median of each side's round medians."""
    rows = []
    for n in (1024, 2048):
        mine, theirs = [], []
        for _ in range(rounds):
            out = subprocess.run(['dotnet', BENCH, 'gemm', '--square', str(n), '--threads', str(threads), '--rounds', '5'],
                                 check=True, capture_output=True, text=True).stdout
            mine.append(float(out.strip().splitlines()[-1].split()[4]))
            out = subprocess.run(['/usr/bin/python3', '-c', NUMPY_GEMM % SHARED, str(n), str(threads)],
                                 check=True, capture_output=True, text=True, env=TORCH_ENV).stdout
            theirs.append(float(out.strip()))
        m, t = statistics.median(mine), statistics.median(theirs)
        print(f"# sgemm {n}: ours {m:.1f} GFLOP/s [{min(mine):.1f}-{max(mine):.1f}]  numpy {t:.1f} [{min(theirs):.1f}-{max(theirs):.1f}]"
              f"  ratio {m / t:.2f}", file=sys.stderr, flush=True)
        rows.append((n, m, min(mine), max(mine), t, min(theirs), max(theirs)))
    return rows


def label(cfg):
    mode, cell, h, l, bi = cfg
    return f"{mode} {cell} {h} {l} {'bi' if bi else 'uni'}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seconds', type=float, default=2.0)
    p.add_argument('--peak', type=float, default=373.0, help='machine SGEMM peak GFLOP/s at --threads (README: OpenBLAS 373 on 2 threads)')
    p.add_argument('--quick', action='store_true')
    p.add_argument('--only', choices=['train', 'infer', 'generate', 'gemm'])
    p.add_argument('--json', help='also write the raw records here (JSON lines)')
    p.add_argument('--match', action='append', default=[],
                   help="only configurations whose label contains this text, e.g. 'train lstm 512 2 bi' (repeatable: any of them)")
    a = p.parse_args()
    grid = [c for c in (QUICK if a.quick else FULL) if a.only is None or c[0] == a.only]
    if a.match:
        grid = [c for c in grid if any(m in label(c) for m in a.match)]
        if not grid:
            sys.exit(f"compare-torch: no configuration matches {a.match}; labels look like '{label(FULL[0])}'")
    rows = []
    raw = open(a.json, 'w') if a.json else None
    for cfg in grid:
        mine, theirs, recs = [], [], []
        for r in range(a.rounds):
            ms, rec = ours(cfg, a.threads, a.seconds, a.peak); mine.append(ms); recs.append(rec)
            tms, trec = torch(cfg, a.threads); theirs.append(tms)
            if raw:
                raw.write(json.dumps({'side': 'recurrent', 'round': r, **rec}) + '\n')
                raw.write(json.dumps({'side': 'pytorch', 'round': r, **trec}) + '\n'); raw.flush()
        m, t = statistics.median(mine), statistics.median(theirs)
        share = statistics.median(x['peak_share'] for x in recs)
        rows.append((cfg, m, min(mine), max(mine), t, min(theirs), max(theirs), t / m, share))
        mode, cell, h, l, bi = cfg
        print(f"# {mode} {cell} H={h} L={l} {'bi' if bi else 'uni'}: ours {m:.3f} ms [{min(mine):.3f}-{max(mine):.3f}]"
              f"  torch {t:.3f} ms [{min(theirs):.3f}-{max(theirs):.3f}]  ratio {t / m:.2f}", file=sys.stderr, flush=True)
    if rows:
        print('| work | cell | hidden | layers | dir | Recurrent ms (median, min–max of rounds) | PyTorch ms | Recurrent / PyTorch speed | share of SGEMM peak |')
        print('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |')
    for (mode, cell, h, l, bi), m, mlo, mhi, t, tlo, thi, ratio, share in rows:
        unit = ' per char' if mode == 'generate' else ''
        print(f"| {mode} | {cell} | {h} | {l} | {'bi' if bi else 'uni'} | {m:.3f}{unit} ({mlo:.3f}–{mhi:.3f}) | {t:.3f} ({tlo:.3f}–{thi:.3f}) "
              f"| **{ratio:.2f}x** | {100 * share:.0f}% |")
    if a.only == 'gemm' or (a.only is None and not a.quick):
        print()
        print(f'| SGEMM, {a.threads} threads | Recurrent GFLOP/s (median, min–max of rounds) | OpenBLAS (numpy) GFLOP/s | Recurrent / OpenBLAS |')
        print('| --- | ---: | ---: | ---: |')
        for n, m, mlo, mhi, t, tlo, thi in gemm_rows(max(a.rounds, 3), a.threads):
            print(f"| {n}³ | {m:.1f} ({mlo:.1f}–{mhi:.1f}) | {t:.1f} ({tlo:.1f}–{thi:.1f}) | **{100 * m / t:.0f}%** |")


if __name__ == '__main__':
    main()
