/** The results as a table on the terminal (and the same rows as markdown for the README). */
import type { Measurement } from './types.js';

const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10)) : '–');

function goalText(m: Measurement): string {
  if (!m.goal) return '';
  const ok = (m.goal.atLeast === undefined || m.ratio >= m.goal.atLeast) && (m.goal.atMost === undefined || m.ratio <= m.goal.atMost);
  const target = m.goal.atLeast !== undefined ? `≥ ${m.goal.atLeast}` : `≤ ${m.goal.atMost}`;
  return `${target} ${ok ? 'met' : 'MISSED'}`;
}

export function rows(ms: Measurement[]): string[][] {
  return ms.map((m) => [
    m.bench,
    m.what,
    `${fmt(m.value)} ${m.unit}`,
    `${m.baseline.what}: ${fmt(m.baseline.value)} ${m.unit}`,
    `${m.ratio.toFixed(2)} ${m.ratioMeans}`,
    m.cpuRatio === undefined || !Number.isFinite(m.cpuRatio) ? '' : m.cpuRatio.toFixed(2),
    goalText(m),
    m.note ?? '',
  ]);
}

const HEAD = ['bench', 'measured', 'value', 'baseline (same run)', 'ratio', 'by CPU/req', 'goal', 'note'];

export function textTable(ms: Measurement[]): string {
  const all = [HEAD, ...rows(ms)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(ms).map(line)].join('\n');
}

export function markdownTable(ms: Measurement[]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(HEAD), line(HEAD.map(() => '---')), ...rows(ms).map(line)].join('\n');
}
