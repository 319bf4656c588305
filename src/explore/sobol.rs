//! Sobol' variance-based sensitivity indices: how much of an outcome's variance each
//! factor accounts for alone (first order, S1) and with all its interactions (total,
//! ST).
//!
//! The design is Saltelli's (2002, 2010): two independent matrices A and B of `n`
//! points each, and for every factor i the matrix AB_i (A with column i from B), in
//! all n (k + 2) points. The points come from a scrambled Sobol' sequence (Burley
//! 2020, the `sobol_burley` crate), which covers the cube more evenly than random
//! points. The estimators are Jansen's (1999), as recommended by Saltelli et al.
//! (2010, table 2) for both indices:
//! `ST_i = sum_j (f(A)_j - f(AB_i)_j)^2 / (2 n V)` and
//! `S1_i = 1 - sum_j (f(B)_j - f(AB_i)_j)^2 / (2 n V)`, with V the variance of the
//! outcome over A and B together. Intervals come from a bootstrap over the n rows.

use crate::problem::Said;
use rand::Rng;

/// Most factors a Sobol' design can take: A and B use 2k dimensions of the sequence.
pub const MAX_FACTORS: usize = (sobol_burley::NUM_DIMENSIONS / 2) as usize;
/// Most base rows (the sequence's 2^16 points, of which rows may be refused).
pub const MAX_ROWS: usize = 1 << 15;

/// The points of a Saltelli design for `k` factors with `n` base rows, in the unit
/// cube: row j is points `j (k + 2) .. (j + 1)(k + 2)`, in the order A_j, B_j,
/// AB_1,j, ..., AB_k,j. `accept` may refuse a point (outside the region where the
/// factors are valid together); a row with a refused point is replaced by the next
/// point of the sequence. `seed` scrambles the sequence.
pub fn design(
    k: usize,
    n: usize,
    seed: u32,
    accept: &dyn Fn(&[f64]) -> bool,
) -> Result<Vec<Vec<f64>>, Said> {
    if k == 0 || k > MAX_FACTORS {
        return Err(Said::new(
            format!("{k} factors: a Sobol' design takes 1..={MAX_FACTORS}"),
            format!("{k} factoren: een Sobol'-ontwerp neemt er 1 tot en met {MAX_FACTORS}"),
        ));
    }
    if n == 0 || n > MAX_ROWS {
        return Err(Said::new(
            format!("{n} base samples: must be within 1..={MAX_ROWS}"),
            format!("{n} basissteekproeven: moet van 1 tot en met {MAX_ROWS} zijn"),
        ));
    }
    let mut points = Vec::with_capacity(n * (k + 2));
    let mut index: u32 = 0;
    let mut rows = 0;
    while rows < n {
        if index >= 1 << 16 {
            return Err(Said::new(
                format!(
                    "only {rows} of {n} base samples lie where every parameter setting is valid; narrow the ranges"
                ),
                format!(
                    "slechts {rows} van de {n} basissteekproeven liggen waar elke instelling van de parameters geldig is; maak de bereiken smaller"
                ),
            ));
        }
        // Skip the first point of the sequence (all zeros before scrambling).
        index += 1;
        let a: Vec<f64> = (0..k)
            .map(|d| f64::from(sobol_burley::sample(index, d as u32, seed)))
            .collect();
        let b: Vec<f64> = (0..k)
            .map(|d| f64::from(sobol_burley::sample(index, (k + d) as u32, seed)))
            .collect();
        let mut row = vec![a.clone(), b.clone()];
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            row.push(ab);
        }
        if row.iter().all(|p| accept(p)) {
            points.extend(row);
            rows += 1;
        }
    }
    Ok(points)
}

/// S1 and ST of one factor, with bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indices {
    /// First-order index: the share of variance due to this factor alone.
    pub first: f64,
    /// 95% bootstrap interval of `first`.
    pub first_ci: (f64, f64),
    /// Total index: the share due to this factor including all its interactions.
    pub total: f64,
    /// 95% bootstrap interval of `total`.
    pub total_ci: (f64, f64),
}

/// Jansen's S1 and ST on the rows `rows` of outputs laid out as [`design`] lays out
/// points.
fn jansen(outputs: &[f64], k: usize, rows: &[usize]) -> Vec<(f64, f64)> {
    let n = rows.len() as f64;
    let f = |j: usize, m: usize| outputs[j * (k + 2) + m];
    let mean = rows.iter().map(|&j| f(j, 0) + f(j, 1)).sum::<f64>() / (2.0 * n);
    let var = rows
        .iter()
        .map(|&j| (f(j, 0) - mean).powi(2) + (f(j, 1) - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n - 1.0);
    (0..k)
        .map(|i| {
            if var <= 0.0 {
                return (0.0, 0.0);
            }
            let (mut first, mut total) = (0.0, 0.0);
            for &j in rows {
                let ab = f(j, 2 + i);
                first += (f(j, 1) - ab).powi(2);
                total += (f(j, 0) - ab).powi(2);
            }
            (1.0 - first / (2.0 * n * var), total / (2.0 * n * var))
        })
        .collect()
}

/// S1 and ST of every factor from the outputs of the points of [`design`], with
/// percentile intervals from `resamples` bootstrap draws of the rows (using `rng`).
pub fn indices<R: Rng>(outputs: &[f64], k: usize, resamples: usize, rng: &mut R) -> Vec<Indices> {
    let n = outputs.len() / (k + 2);
    let all: Vec<usize> = (0..n).collect();
    let point = jansen(outputs, k, &all);
    let mut boot: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(resamples); k];
    for _ in 0..resamples {
        let rows: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
        for (i, v) in jansen(outputs, k, &rows).into_iter().enumerate() {
            boot[i].push(v);
        }
    }
    let interval = |mut v: Vec<f64>, at: f64| -> (f64, f64) {
        if v.is_empty() {
            return (at, at);
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
        (q(0.025), q(0.975))
    };
    point
        .iter()
        .zip(boot)
        .map(|(&(first, total), b)| Indices {
            first,
            first_ci: interval(b.iter().map(|x| x.0).collect(), first),
            total,
            total_ci: interval(b.iter().map(|x| x.1).collect(), total),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::f64::consts::PI;

    fn analyse(f: &dyn Fn(&[f64]) -> f64, k: usize, n: usize) -> Vec<Indices> {
        let points = design(k, n, 11, &|_| true).unwrap();
        let outputs: Vec<f64> = points.iter().map(|p| f(p)).collect();
        indices(&outputs, k, 300, &mut ChaCha8Rng::seed_from_u64(5))
    }

    fn close(got: f64, want: f64, tol: f64, what: &str) {
        assert!(
            (got - want).abs() <= tol,
            "{what}: {got:.4} against the exact {want:.4} (tolerance {tol})"
        );
    }

    /// Ishigami (a = 7, b = 0.1) on [-pi, pi]^3, whose indices are known exactly:
    /// S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437). With 4,096 base
    /// samples Jansen's estimators land within 0.02 (measured: 0.007 at most; Saltelli et al. 2010 report
    /// errors of this order at this size), and the 95% intervals hold the truth.
    #[test]
    fn ishigami_indices_are_recovered() {
        let ishigami = |x: &[f64]| {
            let x: Vec<f64> = x.iter().map(|u| -PI + 2.0 * PI * u).collect();
            x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
        };
        let got = analyse(&ishigami, 3, 4096);
        let s1 = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            close(got[i].first, s1[i], 0.02, &format!("S1 of x{}", i + 1));
            close(got[i].total, st[i], 0.02, &format!("ST of x{}", i + 1));
            assert!(
                got[i].total_ci.0 <= st[i] + 0.01 && st[i] - 0.01 <= got[i].total_ci.1,
                "{:?}",
                got[i]
            );
        }
    }

    /// Sobol' G with a = (0, 1, 4.5, 9, 99, 99, 99, 99): V_i = 1 / (3 (1 + a_i)^2),
    /// S1_i = V_i / (prod (1 + V_j) - 1), ST_i = V_i prod_{j != i} (1 + V_j) / (prod (1 + V_j) - 1).
    #[test]
    fn sobol_g_indices_are_recovered() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
        let g = |x: &[f64]| -> f64 {
            x.iter()
                .zip(a)
                .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                .product()
        };
        let v: Vec<f64> = a
            .iter()
            .map(|a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a)))
            .collect();
        let total_var = v.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
        let got = analyse(&g, a.len(), 4096);
        for i in 0..a.len() {
            let others: f64 = (0..a.len())
                .filter(|&j| j != i)
                .map(|j| 1.0 + v[j])
                .product();
            close(
                got[i].first,
                v[i] / total_var,
                0.03,
                &format!("S1 of x{}", i + 1),
            );
            close(
                got[i].total,
                v[i] * others / total_var,
                0.03,
                &format!("ST of x{}", i + 1),
            );
        }
    }

    #[test]
    fn the_design_swaps_one_column_per_factor() {
        let points = design(3, 4, 1, &|_| true).unwrap();
        assert_eq!(points.len(), 4 * 5);
        for row in points.chunks(5) {
            for (i, ab) in row[2..].iter().enumerate() {
                for (d, v) in ab.iter().enumerate() {
                    let want = if d == i { row[1][d] } else { row[0][d] };
                    assert_eq!(*v, want);
                }
            }
        }
        assert!(design(MAX_FACTORS + 1, 4, 1, &|_| true).is_err());
    }
}
