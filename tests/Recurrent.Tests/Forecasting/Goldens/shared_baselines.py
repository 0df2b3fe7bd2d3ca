"""Goldens for SharedSeriesBaselineTests: one-step baselines on the test part (the last 33%) of the three shared series.

Run from the repository root: /usr/bin/python3 tests/Recurrent.Tests/Forecasting/Goldens/shared_baselines.py
It reads ../shared/data/timeseries and writes shared_baselines.json beside this script. NumPy only.
The protocol: the test part starts at floor(n * 0.67); the forecasts are one step ahead from every origin t with
t + 1 in the test part; the linear autoregression reads 2 seasons of lags with an intercept, fitted by least squares on
every window whose target lies before the test part; MASE divides by the in-sample seasonal-naive MAE of the steps
before the test part.
"""
import csv
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data", "timeseries")
SERIES = {"airline-passengers.csv": 12, "daily-min-temperatures.csv": 7, "monthly-sunspots.csv": 12}


def read(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    return np.array([float(r[1]) for r in rows])


def scores(forecast, actual, scale):
    error = forecast - actual
    nonzero = actual != 0
    return {
        "rmse": float(np.sqrt(np.mean(error ** 2))),
        "mae": float(np.mean(np.abs(error))),
        "mape": float(100 * np.mean(np.abs(error[nonzero] / actual[nonzero]))),
        "mape_skipped": int(np.sum(~nonzero)),
        "smape": float(100 * np.mean(np.where(np.abs(actual) + np.abs(forecast) > 0,
                                              2 * np.abs(error) / np.maximum(np.abs(actual) + np.abs(forecast), 1e-300), 0))),
        "mase": float(np.mean(np.abs(error)) / scale),
    }


def linear_ar(values, lookback, test_start):
    origins = np.arange(lookback - 1, test_start - 1)
    x = np.stack([np.concatenate(([1.0], values[t - lookback + 1:t + 1])) for t in origins])
    y = values[origins + 1]
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return beta


def main():
    out = {}
    for name, season in SERIES.items():
        values = read(name)
        n = len(values)
        test_start = int(math.floor(n * (1 - 0.33) + 1e-9))
        origins = np.arange(test_start - 1, n - 1)
        actual = values[origins + 1]
        scale = float(np.mean(np.abs(values[season:test_start] - values[:test_start - season])))
        lookback = 2 * season
        beta = linear_ar(values, lookback, test_start)
        ar = np.array([beta[0] + beta[1:] @ values[t - lookback + 1:t + 1] for t in origins])
        out[name] = {
            "season": season, "length": n, "test_start": test_start, "test_points": len(origins), "mase_scale": scale,
            "persistence": scores(values[origins], actual, scale),
            "seasonal_naive": scores(values[origins + 1 - season], actual, scale),
            "linear_ar": scores(ar, actual, scale),
        }
    with open(os.path.join(HERE, "shared_baselines.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
