#!/usr/bin/python3
"""Two builds of Recurrent and PyTorch on the same configurations, alternately (before, after, PyTorch, before, after, ...),
in one run, so that a restructuring can be shown to keep the speed: the load of the machine falls on all three alike.

Usage: bench/compare_builds.py --before DIR --after DIR [--rounds 3] [--quick] [--match 'train lstm 512'] [--seconds 2]
DIR is a checkout whose src/Recurrent.Cli is built in Release (`dotnet build -c Release src/Recurrent.Cli`).
Prints a Markdown table: per configuration each side's median over rounds of its median step time (min-max of rounds),
the after/before time ratio, and each build's speed against PyTorch (PyTorch ms / ours). Same grid and PyTorch runs as
bench/compare_torch.py.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_torch  # noqa: E402  (the grid, the PyTorch runner and the rnn bench runner)


def measure(build, cfg, a):
    compare_torch.RNN = os.path.join(build, 'src', 'Recurrent.Cli', 'bin', 'Release', 'net10.0', 'rnn.dll')
    return compare_torch.ours(cfg, a.threads, a.seconds, a.peak)[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--before', required=True)
    p.add_argument('--after', required=True)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seconds', type=float, default=2.0)
    p.add_argument('--peak', type=float, default=373.0)
    p.add_argument('--quick', action='store_true')
    p.add_argument('--match', action='append', default=[])
    a = p.parse_args()
    grid = compare_torch.QUICK if a.quick else compare_torch.FULL
    if a.match:
        grid = [c for c in grid if any(m in compare_torch.label(c) for m in a.match)]
    print('| work | cell | hidden | layers | dir | before ms | after ms | after / before time | before / PyTorch speed | after / PyTorch speed |')
    print('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |', flush=True)
    for cfg in grid:
        before, after, torch = [], [], []
        for _ in range(a.rounds):
            before.append(measure(a.before, cfg, a))
            after.append(measure(a.after, cfg, a))
            torch.append(compare_torch.torch(cfg, a.threads)[0])
        b, f, t = statistics.median(before), statistics.median(after), statistics.median(torch)
        mode, cell, h, l, bi = cfg
        print(f"| {mode} | {cell} | {h} | {l} | {'bi' if bi else 'uni'} | {b:.3f} ({min(before):.3f}–{max(before):.3f}) "
              f"| {f:.3f} ({min(after):.3f}–{max(after):.3f}) | {f / b:.3f} | {t / b:.2f}x | {t / f:.2f}x |", flush=True)


if __name__ == '__main__':
    main()
