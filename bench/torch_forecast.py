#!/usr/bin/python3
"""PyTorch references of issue 15's forecaster: training speed of a stacked LSTM over windows, and the plain-LSTM
quality protocol of the issue.

Model: windows x [B, L, F] → nn.LSTM(F, H, num_layers, batch_first) → the last step's output [B, H] → Linear(H, horizon).
Mean squared error, Adam.

--mode speed: a 2×64 LSTM on windows of 24 steps of one feature (a noisy sum of sines), batch 64, horizon 1; prints one
  JSON line with training windows/s (forward, backward, Adam) after a warm-up, timed for --seconds.
--mode quality --data series.csv: the issue's plain LSTM (hidden 32, one layer, min-max scaling fitted on the first 67%,
  400 full-batch Adam epochs at lr 0.01, look-back two seasons), one-step forecasts of every point of the last 33% from
  the actual values before it, RMSE in original units for each of --seeds seeds, beside persistence and seasonal naive
  on the same points; one JSON line.

Run with Debian's torch and the 2-core split (OpenBLAS 2 threads, torch 1; ../shared/bench/README.md):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_forecast.py --mode speed --seconds 10
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_forecast.py --mode quality \
        --data ../shared/data/timeseries/airline-passengers.csv --season 12
"""
import argparse, csv, json, math, os, sys, time

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'bench')))
from benchutil import set_threads, env_info  # noqa: E402


class Forecaster(nn.Module):
    def __init__(self, features, hidden, layers, horizon):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x):                      # x [B, L, F]
        out, _ = self.lstm(x)                  # [B, L, H]
        return self.head(out[:, -1, :])        # [B, horizon]


def sines(length, seed):
    """1.0·sin(2πt/50) + 0.5·sin(2πt/17 + 1) + 0.25·sin(2πt/7 + 2) + N(0, 0.1²)."""
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(length, dtype=torch.float64)
    clean = torch.sin(2 * math.pi * t / 50) + 0.5 * torch.sin(2 * math.pi * t / 17 + 1) + 0.25 * torch.sin(2 * math.pi * t / 7 + 2)
    return (clean + 0.1 * torch.randn(length, generator=g, dtype=torch.float64)).float()


def windows(series, lookback, horizon=1):
    """Inputs [N, L, 1] and targets [N, horizon] of every window of the 1-D tensor."""
    n = len(series) - lookback - horizon + 1
    x = torch.stack([series[i:i + lookback] for i in range(n)]).unsqueeze(2)
    y = torch.stack([series[i + lookback:i + lookback + horizon] for i in range(n)])
    return x, y


def speed(a):
    torch.manual_seed(1)
    x, y = windows(sines(20_000, 1), a.lookback)
    model = Forecaster(1, a.hidden, a.layers, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    batches = len(x) // a.batch

    def step(b):
        xb, yb = x[b * a.batch:(b + 1) * a.batch], y[b * a.batch:(b + 1) * a.batch]
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()

    for b in range(5):
        step(b)
    count, start, b = 0, time.perf_counter(), 0
    while time.perf_counter() - start < a.seconds:
        step(b % batches)
        b += 1
        count += a.batch
    print(json.dumps({'train_windows_per_s': count / (time.perf_counter() - start), 'batch': a.batch, 'hidden': a.hidden,
                      'layers': a.layers, 'lookback': a.lookback, 'env': env_info()}))


def read_series(path):
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    return [float(r[-1]) for r in rows[1:] if r]


def quality(a):
    values = read_series(a.data)
    n, lookback = len(values), 2 * a.season
    train_end = int(math.floor(0.67 * n))
    low, high = min(values[:train_end]), max(values[:train_end])
    scaled = torch.tensor([(v - low) / (high - low) for v in values], dtype=torch.float32)
    x, y = windows(scaled, lookback)                       # window i predicts point i + lookback
    targets = torch.arange(lookback, n)
    train, test = targets < train_end, targets >= train_end
    actual = [values[t] for t in targets[test].tolist()]
    rmse = lambda f: math.sqrt(sum((p - q) ** 2 for p, q in zip(f, actual)) / len(actual))
    results = []
    for seed in range(a.seeds):
        torch.manual_seed(seed)
        model = Forecaster(1, 32, 1, 1)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(400):
            opt.zero_grad()
            nn.functional.mse_loss(model(x[train]), y[train]).backward()
            opt.step()
        with torch.no_grad():
            forecast = (model(x[test]).squeeze(1) * (high - low) + low).tolist()
        results.append(rmse(forecast))
    test_points = targets[test].tolist()
    print(json.dumps({'data': os.path.basename(a.data), 'points': n, 'test_points': len(actual), 'lookback': lookback,
                      'lstm_rmse': results, 'persistence_rmse': rmse([values[t - 1] for t in test_points]),
                      'seasonal_naive_rmse': rmse([values[t - a.season] for t in test_points])}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--mode', choices=['speed', 'quality'], required=True)
    p.add_argument('--seconds', type=float, default=10)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--hidden', type=int, default=64)
    p.add_argument('--layers', type=int, default=2)
    p.add_argument('--lookback', type=int, default=24)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--data')
    p.add_argument('--season', type=int, default=12)
    p.add_argument('--seeds', type=int, default=3)
    a = p.parse_args()
    set_threads(a.threads, torch_threads=1)  # OpenBLAS a.threads, torch 1: the fast split on 2 cores (benchutil)
    if a.mode == 'speed':
        speed(a)
    else:
        if not a.data:
            p.error('--mode quality needs --data series.csv')
        quality(a)


if __name__ == '__main__':
    main()
