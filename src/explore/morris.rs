//! Morris elementary effects (Morris 1991, with the mu* of Campolongo, Cariboni &
//! Saltelli 2007): a screening of many factors with few runs.
//!
//! A trajectory starts at a random point of a `levels`-level grid in the unit cube and
//! moves one factor at a time by `delta = levels / (2 (levels - 1))`, in a random
//! order; each move gives one elementary effect of that factor. Over `r` trajectories,
//! `mu*` (the mean absolute effect) says how much a factor matters, `sigma` (their
//! standard deviation) how much its effect depends on the others (interactions or a
//! curve). Effects here are per unit of the factor's own range, so `mu*` is in the
//! outcome's unit: roughly the change of the outcome over the factor's whole range.

use crate::problem::Said;
use rand::Rng;
use rand::seq::SliceRandom;

/// The points of `trajectories` Morris trajectories for `k` factors on a grid of
/// `levels` levels, each in the unit cube: trajectory `t` is points
/// `t * (k + 1) ..= t * (k + 1) + k`. `accept` may refuse a point (outside the region
/// where the factors are valid together); a trajectory with a refused point is drawn
/// again, up to `max_tries` times in all.
pub fn design<R: Rng>(
    k: usize,
    trajectories: usize,
    levels: usize,
    rng: &mut R,
    accept: &dyn Fn(&[f64]) -> bool,
    max_tries: usize,
) -> Result<Vec<Vec<f64>>, Said> {
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(Said::new(
            format!("{levels} levels: a Morris grid needs an even number, at least 2"),
            format!("{levels} niveaus: een Morris-raster heeft een even aantal nodig, minstens 2"),
        ));
    }
    let delta = levels as f64 / (2.0 * (levels - 1) as f64);
    // Starting levels that leave room for a step up: 0, 1/(p-1), ..., 1 - delta.
    let starts = levels / 2;
    let mut points = Vec::with_capacity(trajectories * (k + 1));
    let mut tries = 0;
    while points.len() < trajectories * (k + 1) {
        tries += 1;
        if tries > max_tries {
            let found = points.len() / (k + 1);
            return Err(Said::new(
                format!(
                    "after {max_tries} tries only {found} of {trajectories} trajectories lie where every parameter setting is valid; narrow the ranges"
                ),
                format!(
                    "na {max_tries} pogingen liggen slechts {found} van de {trajectories} trajecten waar elke instelling van de parameters geldig is; maak de bereiken smaller"
                ),
            ));
        }
        let mut x: Vec<f64> = (0..k)
            .map(|_| rng.random_range(0..starts) as f64 / (levels - 1) as f64)
            .collect();
        // Each factor goes up from its start, or down from start + delta.
        let up: Vec<bool> = (0..k).map(|_| rng.random_bool(0.5)).collect();
        for (xi, up) in x.iter_mut().zip(&up) {
            if !up {
                *xi += delta;
            }
        }
        let mut order: Vec<usize> = (0..k).collect();
        order.shuffle(rng);
        let mut trajectory = vec![x.clone()];
        for &i in &order {
            x[i] += if up[i] { delta } else { -delta };
            trajectory.push(x.clone());
        }
        if trajectory.iter().all(|p| accept(p)) {
            points.extend(trajectory);
        }
    }
    Ok(points)
}

/// mu, mu* and sigma of one factor, with a bootstrap interval for mu*.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// Mean elementary effect (signed: effects of opposite sign cancel).
    pub mu: f64,
    /// Mean absolute elementary effect: how much the factor matters.
    pub mu_star: f64,
    /// 95% bootstrap interval of mu* (percentile, resampling trajectories).
    pub mu_star_ci: (f64, f64),
    /// Standard deviation of the effects: interactions or a non-linear effect.
    pub sigma: f64,
}

/// The elementary effects of each factor in a design made by [`design`] (read back
/// from the points themselves: the factor that changed, and by how much).
pub fn elementary_effects(points: &[Vec<f64>], outputs: &[f64], k: usize) -> Vec<Vec<f64>> {
    let mut effects = vec![Vec::new(); k];
    for (t, chunk) in points.chunks(k + 1).enumerate() {
        for step in 0..k {
            let (a, b) = (&chunk[step], &chunk[step + 1]);
            let Some(i) = (0..k).find(|&i| a[i] != b[i]) else {
                continue;
            };
            let base = t * (k + 1) + step;
            effects[i].push((outputs[base + 1] - outputs[base]) / (b[i] - a[i]));
        }
    }
    effects
}

/// mu, mu*, sigma and the bootstrap interval of mu* for every factor, from the
/// outputs of the points of [`design`]. `resamples` bootstrap draws use `rng`.
pub fn effects<R: Rng>(
    points: &[Vec<f64>],
    outputs: &[f64],
    k: usize,
    resamples: usize,
    rng: &mut R,
) -> Vec<Effect> {
    elementary_effects(points, outputs, k)
        .iter()
        .map(|e| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            let mut boot: Vec<f64> = (0..resamples)
                .map(|_| {
                    (0..e.len())
                        .map(|_| e[rng.random_range(0..e.len())].abs())
                        .sum::<f64>()
                        / n
                })
                .collect();
            boot.sort_by(f64::total_cmp);
            let q = |p: f64| {
                boot.get(((boot.len() as f64 - 1.0) * p).round() as usize)
                    .copied()
            };
            let ci = match (q(0.025), q(0.975)) {
                (Some(lo), Some(hi)) if !e.is_empty() => (lo, hi),
                _ => (mu_star, mu_star),
            };
            Effect {
                mu,
                mu_star,
                mu_star_ci: ci,
                sigma,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn run(f: &dyn Fn(&[f64]) -> f64, k: usize, r: usize) -> Vec<Effect> {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let points = design(k, r, 4, &mut rng, &|_| true, 10 * r).unwrap();
        let outputs: Vec<f64> = points.iter().map(|p| f(p)).collect();
        effects(&points, &outputs, k, 200, &mut rng)
    }

    #[test]
    fn a_linear_function_has_its_slopes_as_effects_and_no_spread() {
        let slopes = [3.0, -1.0, 0.0, 0.5];
        let e = run(&|x| x.iter().zip(slopes).map(|(x, c)| x * c).sum(), 4, 20);
        for (e, c) in e.iter().zip(slopes) {
            assert!((e.mu - c).abs() < 1e-9, "{e:?} for slope {c}");
            assert!((e.mu_star - c.abs()).abs() < 1e-9);
            assert!(e.sigma < 1e-9);
        }
    }

    #[test]
    fn every_trajectory_moves_each_factor_once_by_delta_within_the_cube() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (k, levels) = (5, 4);
        let points = design(k, 10, levels, &mut rng, &|_| true, 100).unwrap();
        assert_eq!(points.len(), 10 * (k + 1));
        for chunk in points.chunks(k + 1) {
            let mut moved = vec![0; k];
            for w in chunk.windows(2) {
                let changed: Vec<usize> = (0..k).filter(|&i| w[0][i] != w[1][i]).collect();
                assert_eq!(changed.len(), 1);
                assert!(((w[1][changed[0]] - w[0][changed[0]]).abs() - 2.0 / 3.0).abs() < 1e-12);
                moved[changed[0]] += 1;
            }
            assert!(moved.iter().all(|&m| m == 1));
            assert!(chunk.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
        }
    }

    /// Sobol' G with a = (0, 1, 4.5, 9, 99, 99): the smaller a_i, the more x_i matters,
    /// and mu* ranks the factors so (Campolongo et al. 2007 use this test function).
    #[test]
    fn mu_star_ranks_the_factors_of_sobol_g() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let g = |x: &[f64]| -> f64 {
            x.iter()
                .zip(a)
                .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                .product()
        };
        let e = run(&g, a.len(), 50);
        for w in e.windows(2).take(3) {
            assert!(w[0].mu_star > w[1].mu_star, "{e:?}");
        }
        assert!(e[4].mu_star < 0.1 * e[0].mu_star);
        assert!(e[0].mu_star_ci.0 <= e[0].mu_star && e[0].mu_star <= e[0].mu_star_ci.1);
    }

    #[test]
    fn refused_points_make_the_trajectory_drawn_again() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let points = design(2, 5, 4, &mut rng, &|p| p[0] + p[1] <= 1.0, 1000).unwrap();
        assert!(points.iter().all(|p| p[0] + p[1] <= 1.0));
        let never = design(2, 5, 4, &mut rng, &|_| false, 20);
        assert!(never.is_err());
    }
}
