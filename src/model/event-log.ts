// events.csv: one row per cluster event, in simulation order (interfaces.md §3):
// time_s,kind,reason,object,node,zone,detail. Rows are also mixed into the run digest and kept in
// memory when a caller (tests, `kubesim test`) asks for them.

import { csvField } from '../engine/csv.js';
import { formatTimeS, type TimeUs } from '../engine/time.js';
import type { EventKind, ReasonOf } from './event-reasons.js';

export type { EventKind } from './event-reasons.js';

export interface SimEventRow {
  readonly timeUs: TimeUs;
  readonly kind: EventKind;
  readonly reason: string;
  readonly object: string;
  readonly node: string;
  readonly zone: string;
  readonly detail: string;
}

export const EVENTS_HEADER = ['time_s', 'kind', 'reason', 'object', 'node', 'zone', 'detail'] as const;

export interface LineSink {
  write(line: string): void;
}

export class EventLog {
  private readonly rows: SimEventRow[] | undefined;
  private count = 0;
  private readonly listeners: Array<(row: SimEventRow) => void> = [];

  constructor(
    private readonly sink: LineSink | undefined,
    opts: { keepRows?: boolean } = {},
  ) {
    this.rows = opts.keepRows ? [] : undefined;
  }

  /** One row; `reason` comes from the closed list of its kind (event-reasons.ts). */
  emit<K extends EventKind>(
    timeUs: TimeUs,
    kind: K,
    reason: ReasonOf<K>,
    object: string,
    node = '',
    zone = '',
    detail = '',
  ): void {
    this.count++;
    if (this.sink !== undefined) {
      this.sink.write(
        `${formatTimeS(timeUs)},${kind},${csvField(reason)},${csvField(object)},${csvField(node)},${csvField(zone)},${csvField(detail)}\n`,
      );
    }
    if (this.rows !== undefined || this.listeners.length > 0) {
      const row: SimEventRow = { timeUs, kind, reason, object, node, zone, detail };
      this.rows?.push(row);
      for (const l of this.listeners) l(row);
    }
  }

  /** Called for every row as it is emitted (e.g. counters, expectations). */
  onRow(listener: (row: SimEventRow) => void): void {
    this.listeners.push(listener);
  }

  get rowCount(): number {
    return this.count;
  }

  get keptRows(): readonly SimEventRow[] {
    return this.rows ?? [];
  }
}
