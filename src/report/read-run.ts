// Reads a run folder written by `kubesim run` (interfaces.md §3): summary.json, timeseries.csv, and
// events.csv streamed through an EventDigest so multi-million-row runs stay within memory.

import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { checkStreamable, FileReadError, INPUT_LIMITS, readRegularFile } from '../scenario/read-file.js';
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
  const summary = parseInput(join(dir, 'summary.json'), INPUT_LIMITS.jsonBytes, (text) => {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
    return v as Record<string, unknown>;
  });
  const rows = parseInput(
    join(dir, 'timeseries.csv'),
    INPUT_LIMITS.csvBytes,
    (text) => parseSync(text, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>,
  );
  const columns = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  const timeseries = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
  const events = new EventDigest(maxListed);
  const eventsCsv = join(dir, 'events.csv');
  try {
    checkStreamable(eventsCsv); // a FIFO or a device would never end
    const parser = createReadStream(eventsCsv).pipe(parse({ from_line: 2, relax_column_count: true }));
    for await (const record of parser) events.add(record as EventCells);
  } catch (e) {
    throw new ReportInputError(`${eventsCsv}: ${inputReason(e)}`);
  }
  return { dir, summary, timeseries, columns, events };
}

/** Reads a regular file within `maxBytes` and parses it; any problem is a ReportInputError naming it. */
export function parseInput<T>(file: string, maxBytes: number, parseText: (text: string) => T): T {
  try {
    return parseText(readRegularFile(file, { maxBytes }));
  } catch (e) {
    if (e instanceof ReportInputError) throw e;
    throw new ReportInputError(`${file}: ${inputReason(e)}`);
  }
}

function inputReason(e: unknown): string {
  if (e instanceof FileReadError) return e.reason;
  return `cannot parse it: ${(e as Error).message.split('\n')[0]}`;
}
