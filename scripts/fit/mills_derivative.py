#!/usr/bin/env python3
"""Fits the polynomials of detail::one_minus_sqrt_pi_z_erfcx_mid (include/ivcrush/detail/erfcx.hpp).

a(z) = 1 - sqrt(pi)*z*erfcx(z), which is 1 + h*Y(h) (Y Mills' ratio) at h = -sqrt(2)*z: the
quantity the small-t expansion of the normalised Black function needs. Its two terms cancel
(a falls from 1 to 0.03 over z in [0, 4]; at z = 4 the terms are 30 times larger than a), so it
is fitted directly instead of being evaluated as a difference.

Procedure (reproducible, mpmath only): [0, 4] is cut into 8 pieces of width 1/2; on each piece
a(c + u), u in [-1/4, 1/4], is interpolated at 15 Chebyshev nodes with 50-digit arithmetic
(degree 14), the Chebyshev series is converted to monomials in u and each coefficient is rounded
to double. The script then samples 2001 points per piece and prints the maximum relative error
of the double coefficients' polynomial (evaluated exactly): 1.5e-17 to 7.7e-17 per piece, below
an ulp (the run that produced the header's table).

Usage: python3 scripts/fit/mills_derivative.py   (about a minute; prints the C++ table)
"""
import mpmath as mp

mp.mp.dps = 50
LO, HI, WIDTH, DEGREE = 0, 4, mp.mpf(1) / 2, 14


def a(z):
    z = mp.mpf(z)
    return 1 - mp.sqrt(mp.pi) * z * mp.exp(z * z) * mp.erfc(z)


def chebyshev_interpolant(f, half, n):
    """Monomial coefficients (ascending) in u of the interpolant of f at n Chebyshev nodes."""
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    values = [f(half * t) for t in nodes]
    cheb = [2 * mp.fsum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n)
                        for k in range(n)) / n for j in range(n)]
    cheb[0] /= 2
    basis = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]  # T_j(t) in monomials of t
    for j in range(2, n):
        p = [mp.mpf(0)] + [2 * v for v in basis[j - 1]]
        for i, v in enumerate(basis[j - 2]):
            p[i] -= v
        basis.append(p)
    mono = [mp.mpf(0)] * n
    for j in range(n):
        for i, v in enumerate(basis[j]):
            mono[i] += cheb[j] * v
    return [m / half**i for i, m in enumerate(mono)]


def main():
    pieces = int((HI - LO) / WIDTH)
    rows, worst_all = [], 0
    for p in range(pieces):
        centre = LO + (p + mp.mpf(1) / 2) * WIDTH
        coeffs = [float(c) for c in chebyshev_interpolant(lambda u: a(centre + u), WIDTH / 2,
                                                          DEGREE + 1)]
        worst = 0
        for i in range(2001):
            u = -WIDTH / 2 + WIDTH * i / 2000
            approx = mp.polyval([mp.mpf(c) for c in reversed(coeffs)], u)
            worst = max(worst, abs(approx / a(centre + u) - 1))
        worst_all = max(worst_all, worst)
        print(f"// [{float(centre - WIDTH / 2)}, {float(centre + WIDTH / 2)}]: "
              f"max relative error {float(worst):.2e}")
        rows.append(coeffs)
    print(f"// overall max relative error {float(worst_all):.2e}")
    print("// Descending powers of u = z - centre (estrin order).")
    print("inline constexpr double mid_fit[][%d] = {" % (DEGREE + 1))
    for coeffs in rows:
        print("    {" + ", ".join(repr(c) for c in reversed(coeffs)) + "},")
    print("};")


if __name__ == "__main__":
    main()
