/**
 * A Gaussian kernel density estimate of a point set in 2D, the reference the model's exact
 * density is drawn beside: p̂(x) = (1/N) Σ_i N(x; x_i, diag(h_x², h_y²)), with Scott's
 * bandwidth h = σ̂ · N^(−1/6) per axis (d = 2: N^(−1/(d+4))). Log-densities in nats, by
 * log-sum-exp so far-away points do not underflow to −∞.
 */
import type { Points } from './types';

/** Scott's rule per axis: the sample standard deviation times N^(−1/6). */
export function scottBandwidth(points: Points): [number, number] {
  const n = points.length / 2;
  const sd = (c: number) => {
    let [s, s2] = [0, 0];
    for (let i = 0; i < n; i++) {
      const v = points[2 * i + c]!;
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    return Math.sqrt(Math.max(s2 / n - mean * mean, 1e-12) * (n / Math.max(1, n - 1)));
  };
  const f = n ** (-1 / 6);
  return [sd(0) * f, sd(1) * f];
}

/** log p̂ at each query point, with bandwidths h (default: Scott's rule on `data`). */
export function kdeLogDensity(
  data: Points,
  query: Points,
  h: [number, number] = scottBandwidth(data),
): Float64Array {
  const n = data.length / 2;
  const m = query.length / 2;
  const [hx, hy] = h;
  const logNorm = -Math.log(2 * Math.PI * hx * hy) - Math.log(n);
  const out = new Float64Array(m);
  const e = new Float64Array(n);
  for (let q = 0; q < m; q++) {
    const [x, y] = [query[2 * q]!, query[2 * q + 1]!];
    let top = -Infinity;
    for (let i = 0; i < n; i++) {
      const dx = (x - data[2 * i]!) / hx;
      const dy = (y - data[2 * i + 1]!) / hy;
      e[i] = -0.5 * (dx * dx + dy * dy);
      if (e[i]! > top) top = e[i]!;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp(e[i]! - top);
    out[q] = logNorm + top + Math.log(sum);
  }
  return out;
}
