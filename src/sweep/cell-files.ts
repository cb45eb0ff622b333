// Per-cell result files for sweeps run as a Kubernetes Indexed Job: `kubesim sweep --cell N` writes
// DIR/cells/cell-0000N.json, and `kubesim sweep --merge DIR` checks that every cell of one grid is there
// and writes DIR/sweep.csv. A fingerprint of the scenario's sha256 and the grid keeps cells of different
// sweeps from being merged together.

import { createHash } from 'node:crypto';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileReadError, INPUT_LIMITS, makeFolders, readRegularFile } from '../scenario/read-file.js';
import type { CellResult } from './cell.js';
import { cellCount, type GridSpec, MAX_CELLS } from './grid.js';

export interface CellFile {
  readonly kubesimVersion: string;
  readonly fingerprint: string;
  readonly scenarioSha256: string;
  readonly grid: GridSpec;
  readonly cells: number;
  readonly result: CellResult;
}

export function gridFingerprint(scenarioSha256: string, grid: GridSpec): string {
  return createHash('sha256')
    .update(JSON.stringify({ scenarioSha256, seeds: grid.seeds, sets: grid.sets, profiles: grid.profiles }))
    .digest('hex')
    .slice(0, 16);
}

export function cellFileName(index: number): string {
  return `cell-${String(index).padStart(5, '0')}.json`;
}

/** Writes the cell's file atomically (temp file, then rename), so a merge never reads half a file. */
export function writeCellFile(dir: string, file: CellFile): string {
  const cellsDir = join(dir, 'cells');
  makeFolders(cellsDir);
  const target = join(cellsDir, cellFileName(file.result.index));
  const temp = `${target}.partial-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(temp, target);
  return target;
}

export class MergeError extends Error {}

/** Reads DIR/cells/*.json and returns the grid and its results in grid order. */
export function readCellFiles(dir: string): { grid: GridSpec; results: CellResult[]; fingerprint: string } {
  const cellsDir = join(dir, 'cells');
  let names: string[];
  try {
    names = readdirSync(cellsDir)
      .filter((n) => /^cell-\d+\.json$/.test(n))
      .sort();
  } catch {
    throw new MergeError(
      `${cellsDir}: no such folder (expected the --out folder of kubesim sweep --cell runs)`,
    );
  }
  if (names.length === 0) throw new MergeError(`${cellsDir}: no cell-*.json files`);
  const files = names.map((n) => readCellFile(join(cellsDir, n)));
  const first = files[0] as CellFile;
  const other = files.find((f) => f.fingerprint !== first.fingerprint);
  if (other) {
    throw new MergeError(
      `${cellsDir}: cells from different sweeps (grid ${first.fingerprint} and ${other.fingerprint}); merge one sweep per folder`,
    );
  }
  const total = cellCount(first.grid);
  if (!Number.isSafeInteger(total) || total > MAX_CELLS)
    throw new MergeError(
      `${cellsDir}: the cell files describe a grid of ${total} cells; the limit is ${MAX_CELLS}`,
    );
  const results = new Array<CellResult | undefined>(total);
  for (const [i, f] of files.entries()) {
    const index = f.result.index;
    if (!Number.isInteger(index) || index < 0 || index >= total)
      throw new MergeError(
        `${join(cellsDir, names[i] as string)}: cell index ${index} is outside the grid (0..${total - 1})`,
      );
    results[index] = f.result;
  }
  const missing: number[] = [];
  for (let i = 0; i < total; i++) if (results[i] === undefined) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(', ');
    throw new MergeError(
      `${cellsDir}: ${missing.length} of ${total} cells missing: ${shown}${missing.length > 20 ? ', ...' : ''}`,
    );
  }
  return { grid: first.grid, results: results as CellResult[], fingerprint: first.fingerprint };
}

/** One cell file: a regular file within INPUT_LIMITS holding what writeCellFile wrote. */
function readCellFile(path: string): CellFile {
  let value: unknown;
  try {
    value = JSON.parse(readRegularFile(path, { maxBytes: INPUT_LIMITS.jsonBytes }));
  } catch (e) {
    const why = e instanceof FileReadError ? e.reason : `not JSON (${(e as Error).message})`;
    throw new MergeError(`${path}: ${why}`);
  }
  const f = value as Partial<CellFile> | null;
  const grid = f?.grid as Partial<GridSpec> | undefined;
  const ok =
    typeof f?.fingerprint === 'string' &&
    typeof f.result === 'object' &&
    f.result !== null &&
    typeof grid === 'object' &&
    grid !== null &&
    (grid.seeds === null ||
      (Array.isArray(grid.seeds) && grid.seeds.every((x) => Number.isSafeInteger(x)))) &&
    Array.isArray(grid.sets) &&
    grid.sets.every((d) => typeof d?.path === 'string' && Array.isArray(d.values)) &&
    Array.isArray(grid.profiles);
  if (!ok) throw new MergeError(`${path}: not a cell file written by kubesim sweep --cell`);
  return f as CellFile;
}
