// A cluster's picture, laid out on the server so the page needs no script: Fruchterman–Reingold
// (force-directed) from a deterministic spiral start, so the same cluster always looks the same.
// Clusters are kept to LIMITS.members nodes, so the O(n²) steps stay in the milliseconds.

export interface Point {
  x: number;
  y: number;
}

export function forceLayout(
  n: number,
  edges: readonly (readonly [number, number, number, ...number[]])[],
  opts: { width?: number; height?: number; margin?: number; iterations?: number } = {},
): Point[] {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const margin = opts.margin ?? 24;
  if (n === 0) return [];
  if (n === 1) return [{ x: width / 2, y: height / 2 }];
  const k = Math.sqrt((width * height) / n) * 0.6;
  // A golden-angle spiral: spread out, and the same every time.
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt((i + 0.5) / n) * Math.min(width, height) * 0.45;
    x[i] = width / 2 + r * Math.cos(i * 2.399963);
    y[i] = height / 2 + r * Math.sin(i * 2.399963);
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const iterations = opts.iterations ?? 250;
  let t = width / 10;
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const ex = x[i] - x[j] || 0.01;
        const ey = y[i] - y[j] || 0.01;
        const d2 = ex * ex + ey * ey;
        const f = (k * k) / d2;
        dx[i] += ex * f;
        dy[i] += ey * f;
        dx[j] -= ex * f;
        dy[j] -= ey * f;
      }
    for (const [a, b, w] of edges) {
      if (a === b) continue;
      const ex = x[a] - x[b];
      const ey = y[a] - y[b];
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const f = (d / k) * (1 + Math.log1p(w) / 4);
      dx[a] -= ex * f;
      dy[a] -= ey * f;
      dx[b] += ex * f;
      dy[b] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, t);
      x[i] += (dx[i] / d) * step;
      y[i] += (dy[i] / d) * step;
    }
    t = Math.max(0.5, t * 0.97);
  }
  // Fit the drawing into the box, keeping its proportions.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]);
    maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]);
    maxY = Math.max(maxY, y[i]);
  }
  const scale = Math.min((width - 2 * margin) / (maxX - minX || 1), (height - 2 * margin) / (maxY - minY || 1));
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scale) / 2;
  return Array.from({ length: n }, (_, i) => ({
    x: Math.round((offX + (x[i] - minX) * scale) * 10) / 10,
    y: Math.round((offY + (y[i] - minY) * scale) * 10) / 10,
  }));
}
