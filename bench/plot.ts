// The decode roofline plot as a hand-written SVG (no DOM needed in Node): decode tokens/s against
// weight bytes read per token, both axes logarithmic, one point per model x dtype coloured by
// dtype, a model's points joined and named once, and the roofline tokens/s = read bandwidth /
// bytes per token as a dashed line.

export interface PlotPoint {
  model: string;
  dtype: string;
  bytesPerToken: number;
  tokensPerSecond: number;
}

const W = 760;
const H = 480;
const M = { left: 70, right: 80, top: 40, bottom: 55 };
const COLORS: Record<string, string> = { f32: '#1f77b4', f16: '#2ca02c', bf16: '#17becf', q8_0: '#ff7f0e', q4_0: '#d62728', q4_K: '#9467bd', q5_K: '#e377c2', q6_K: '#8c564b' };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Powers of ten covering [lo, hi], widened to at least one decade. */
function decades(lo: number, hi: number): [number, number] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  return [a, Math.max(b, a + 1)];
}

function bytesLabel(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.max(0, Math.floor(Math.log10(b) / 3)));
  return `${+(b / 10 ** (3 * i)).toPrecision(3)} ${units[i]}`;
}

export function rooflineSvg(points: PlotPoint[], bandwidthGBs: number | null, title: string): string {
  const ok = points.filter((p) => p.bytesPerToken > 0 && p.tokensPerSecond > 0);
  const xs = ok.map((p) => p.bytesPerToken);
  const roof = (x: number) => (bandwidthGBs ? (bandwidthGBs * 1e9) / x : NaN);
  const ys = [...ok.map((p) => p.tokensPerSecond), ...(bandwidthGBs && xs.length ? [roof(Math.min(...xs)), roof(Math.max(...xs))] : [])];
  const [x0, x1] = xs.length ? decades(Math.min(...xs), Math.max(...xs)) : [5, 10];
  const [y0, y1] = ys.length ? decades(Math.min(...ys), Math.max(...ys)) : [0, 3];
  const px = (x: number) => M.left + ((Math.log10(x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((Math.log10(y) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<clipPath id="area"><rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}"/></clipPath>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="13">${escape(title)}</text>`,
  ];
  for (let d = x0; d <= x1; d++) {
    const x = px(10 ** d);
    out.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${H - M.bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${H - M.bottom + 15}" text-anchor="middle">${bytesLabel(10 ** d)}</text>`);
  }
  for (let d = y0; d <= y1; d++) {
    const y = py(10 ** d);
    out.push(`<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${+(10 ** d).toPrecision(3)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 15}" text-anchor="middle">weight bytes read per decode token</text>`);
  out.push(`<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">decode tokens/s</text>`);
  if (bandwidthGBs) {
    const [a, b] = [10 ** x0, 10 ** x1];
    out.push(`<line x1="${px(a)}" y1="${py(roof(a))}" x2="${px(b)}" y2="${py(roof(b))}" stroke="#555" stroke-dasharray="6 4" clip-path="url(#area)"/>`);
    // The label where the line runs a quarter below the top, kept inside the x range.
    const lx = Math.min(Math.max((bandwidthGBs * 1e9) / 10 ** (y1 - 0.25 * (y1 - y0)), 10 ** x0), 10 ** (x0 + 0.6 * (x1 - x0)));
    out.push(`<text x="${px(lx) + 8}" y="${py(roof(lx)) - 6}" fill="#555">roofline: ${bandwidthGBs.toPrecision(3)} GB/s ÷ bytes per token</text>`);
  }
  const models = [...new Set(ok.map((p) => p.model))];
  for (const model of models) {
    const line = ok.filter((p) => p.model === model).sort((a, b) => a.bytesPerToken - b.bytesPerToken);
    const path = line.map((p, i) => `${i ? 'L' : 'M'}${px(p.bytesPerToken).toFixed(1)},${py(p.tokensPerSecond).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="#bbb"/>`);
    const last = line[line.length - 1]!; // the most bytes: f32 where it ran
    out.push(`<text x="${(px(last.bytesPerToken) + 7).toFixed(1)}" y="${(py(last.tokensPerSecond) + 4).toFixed(1)}">${escape(model)}</text>`);
    for (const p of line) {
      const title = `${p.model} ${p.dtype}: ${p.tokensPerSecond.toPrecision(3)} tok/s, ${bytesLabel(p.bytesPerToken)}/token`;
      out.push(`<circle cx="${px(p.bytesPerToken).toFixed(1)}" cy="${py(p.tokensPerSecond).toFixed(1)}" r="4" fill="${COLORS[p.dtype] ?? '#333'}"><title>${escape(title)}</title></circle>`);
    }
  }
  const legend = Object.entries(COLORS).filter(([d]) => ok.some((p) => p.dtype === d));
  legend.forEach(([d, color], i) => {
    const y = M.top + 14 + 14 * i;
    out.push(`<circle cx="${W - M.right + 16}" cy="${y - 4}" r="4" fill="${color}"/><text x="${W - M.right + 26}" y="${y}">${d}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
