// sweep.csv: one row per cell in grid order: cell, seed, one column per --set path (named by the path),
// profile (when the grid has profiles), the headline metrics, then error (empty for a cell that ran).

import { stringify } from 'csv-stringify/sync';
import type { CellResult } from './cell.js';
import type { GridSpec } from './grid.js';
import { HEADLINE } from './headline.js';

export function sweepHeader(grid: GridSpec): string[] {
  return [
    'cell',
    'seed',
    ...grid.sets.map((s) => s.path),
    ...(grid.profiles.length > 0 ? ['profile'] : []),
    ...HEADLINE.map(([c]) => c),
    'error',
  ];
}

export function sweepCsv(grid: GridSpec, results: readonly CellResult[]): string {
  const rows = results.map((r) => [
    r.index,
    r.seed ?? '',
    ...r.sets.map(([, v]) => v),
    ...(grid.profiles.length > 0 ? [r.profile ?? ''] : []),
    ...HEADLINE.map(([c]) => r.metrics?.[c] ?? ''),
    r.error ?? '',
  ]);
  return stringify([sweepHeader(grid), ...rows]);
}
