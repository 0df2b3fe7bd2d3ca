"""Spectral radius and spectral norm of the fixed matrices of MatrixSpectrumTests, by numpy.

Run: /usr/bin/python3 matrix_spectrum_goldens.py  (prints the C# lines pasted into MatrixSpectrumTests.cs).
The generated matrices are a[i][j] = sin(0.7i² + 1.3j + 0.37ij + seed) · scale, the same formula as MatrixSpectrumTests.Generated.
"""
import numpy as np

FIXED = {
    "Rotation": [[0.0, -2.0], [2.0, 0.0]],  # eigenvalues ±2i
    "Triangular": [[3.0, 1.0, 4.0], [0.0, -5.0, 9.0], [0.0, 0.0, 2.0]],
    "JordanBlock": [[0.5, 1.0, 0.0], [0.0, 0.5, 1.0], [0.0, 0.0, 0.5]],  # one defective eigenvalue 0.5
    "Nonsymmetric": [[1.0, 2.0, 0.0, -1.0], [-3.0, 0.5, 2.0, 0.0], [0.0, 1.0, -1.0, 4.0], [2.0, 0.0, 1.0, 0.25]],
}


def generated(n, seed, scale):
    return np.array([[np.sin(0.7 * i * i + 1.3 * j + 0.37 * i * j + seed) * scale for j in range(n)] for i in range(n)])


def line(name, a):
    rho = max(abs(np.linalg.eigvals(a)))
    sigma = np.linalg.norm(a, 2)
    return f"{name}: rho {rho!r} norm {sigma!r}"


for name, a in FIXED.items():
    print(line(name, np.array(a)))
for n, seed, scale in [(12, 1, 0.3), (40, 2, 0.1), (128, 3, 0.05)]:
    print(line(f"Generated({n}, {seed}, {scale})", generated(n, seed, scale)))
