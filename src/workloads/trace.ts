// Workload traces from CSV, replayed as pod arrivals. Two layouts:
// - kubesim: submit_time,cpu,memory,duration,count,priority (optional name, gpu). Times are durations
//   ("90s", "1m30s") or seconds; cpu and memory are Kubernetes quantities ("500m", "2Gi"); an empty
//   duration means the pod runs until the end; count repeats the row; priority is spec.priority.
// - openb: the Alibaba cluster-trace-gpu-v2023 "openb" pod list as published by
//   hkust-adsl/kubernetes-scheduler-simulator (name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,
//   pod_phase,creation_time,deletion_time,scheduled_time): submit = creation_time (s), run time =
//   deletion_time - creation_time, cpu = cpu_milli, memory = memory_mib MiB, gpu = num_gpu, priority
//   from the qos class through a mapping (default 0). Recorded phases and placements are not replayed:
//   the simulated cluster decides those.

import { parseDurationUs, type TimeUs } from '../engine/time.js';
import { parseMilliQuantity, parseQuantity } from '../model/quantity.js';

export interface TraceRow {
  readonly atUs: TimeUs;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly durationUs: TimeUs | null;
  readonly count: number;
  readonly priority: number;
  readonly name: string | null;
  readonly gpu: number;
}

export interface TraceOptions {
  readonly format: 'kubesim' | 'openb';
  readonly timeScale: number;
  readonly limit: number | undefined;
  readonly qosPriority: Readonly<Record<string, number>>;
}

/** RFC 4180 fields of one line (quotes double to escape); trailing \r dropped. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else if (c !== '\r') field += c;
  }
  out.push(field);
  return out;
}

export class TraceError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const REQUIRED: Record<TraceOptions['format'], readonly string[]> = {
  kubesim: ['submit_time', 'cpu', 'memory'],
  openb: ['cpu_milli', 'memory_mib', 'creation_time'],
};

/** Parses a trace into rows sorted by submit time (ties keep file order). */
export function parseTrace(text: string, opts: TraceOptions): TraceRow[] {
  const lines = text.split('\n');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  for (const col of REQUIRED[opts.format]) {
    if (!header.includes(col))
      throw new TraceError(1, `missing column "${col}" (header: ${header.join(',')})`);
  }
  const rows: TraceRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (opts.limit !== undefined && rows.length >= opts.limit) break;
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    const get = (col: string) => (cells[header.indexOf(col)] ?? '').trim();
    try {
      rows.push(opts.format === 'openb' ? openbRow(get, opts) : kubesimRow(get, opts));
    } catch (e) {
      throw new TraceError(i + 1, (e as Error).message);
    }
  }
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.atUs - b.r.atUs || a.i - b.i)
    .map((x) => x.r);
}

function scaled(us: number, opts: TraceOptions): TimeUs {
  return Math.round(us * opts.timeScale);
}

function intCell(v: string, what: string, dflt: number): number {
  if (v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got "${v}"`);
  return n;
}

function kubesimRow(get: (c: string) => string, opts: TraceOptions): TraceRow {
  const duration = get('duration');
  const priority = get('priority');
  return {
    atUs: scaled(parseDurationUs(get('submit_time')), opts),
    cpuMilli: parseMilliQuantity(get('cpu')),
    memoryBytes: parseQuantity(get('memory')),
    durationUs: duration === '' ? null : scaled(parseDurationUs(duration), opts),
    count: Math.max(1, intCell(get('count'), 'count', 1)),
    priority: priority === '' ? 0 : Number.parseInt(priority, 10),
    name: get('name') || null,
    gpu: intCell(get('gpu'), 'gpu', 0),
  };
}

function openbRow(get: (c: string) => string, opts: TraceOptions): TraceRow {
  const created = intCell(get('creation_time'), 'creation_time', 0);
  const deleted = get('deletion_time');
  return {
    atUs: scaled(created * 1_000_000, opts),
    cpuMilli: intCell(get('cpu_milli'), 'cpu_milli', 0),
    memoryBytes: intCell(get('memory_mib'), 'memory_mib', 0) * 1024 * 1024,
    durationUs:
      deleted === ''
        ? null
        : scaled(Math.max(0, intCell(deleted, 'deletion_time', 0) - created) * 1_000_000, opts),
    count: 1,
    priority: opts.qosPriority[get('qos')] ?? 0,
    name: get('name') || null,
    gpu: intCell(get('num_gpu'), 'num_gpu', 0),
  };
}
