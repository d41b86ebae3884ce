import { cpus, loadavg, totalmem } from 'node:os';

// Summaries and plain-text tables for the benchmark. Percentiles are nearest-rank on the sorted
// samples: with n = 10, p95 is the largest sample.

export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
};

export const summarise = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? total / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
};

export const ms = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '-';

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export type Cell = string | number;

/** An aligned text table: text left, numbers (and cells that look like numbers) right. */
export const table = (
  title: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string => {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) =>
    rows.every((row) => typeof row[i] === 'number' || /^[-+]?[\d.,]+( ?[a-zA-Z%]+)?$/.test(String(row[i]))),
  );
  const line = (cells: readonly string[], header = false) =>
    cells
      .map((cell, i) => (!header && numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    title,
    line(headers, true),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((row) => line(row)),
  ].join('\n');
};

/** 1, 5 and 15 minutes: other work on the machine shows up in every timing below. */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export const machineFacts = (esbuildVersion: string): string => {
  const cpu = cpus();
  return table(
    'Machine',
    ['fact', 'value'],
    [
      ['node', process.version],
      ['platform', `${process.platform} ${process.arch}`],
      ['CPUs', `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown'}`],
      ['memory', mib(totalmem())],
      ['load average', loadAverage()],
      ['esbuild', esbuildVersion],
      ['date', new Date().toISOString()],
    ],
  );
};
