// Reads a run folder written by `kubesim run` (interfaces.md §3): summary.json, timeseries.csv, and
// events.csv streamed through an EventDigest so multi-million-row runs stay within memory.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { type EventCells, EventDigest } from './events-digest.js';

export interface RunData {
  readonly dir: string;
  readonly summary: Record<string, unknown>;
  readonly timeseries: ReadonlyArray<Readonly<Record<string, number>>>;
  readonly columns: readonly string[];
  readonly events: EventDigest;
}

export class ReportInputError extends Error {}

export async function readRunFolder(dir: string, maxListed: number): Promise<RunData> {
  for (const f of ['summary.json', 'timeseries.csv', 'events.csv']) {
    if (!existsSync(join(dir, f)))
      throw new ReportInputError(`${dir}: no ${f} (expected a folder written by kubesim run)`);
  }
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  const rows = parseSync(readFileSync(join(dir, 'timeseries.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  const columns = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  const timeseries = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
  const events = new EventDigest(maxListed);
  const parser = createReadStream(join(dir, 'events.csv')).pipe(
    parse({ from_line: 2, relax_column_count: true }),
  );
  for await (const record of parser) events.add(record as EventCells);
  return { dir, summary, timeseries, columns, events };
}
