// spec.arrivals and spec.operations -> the timeline a run replays: template arrivals with their rate
// turned into a mean gap, trace files parsed into sorted rows, operations checked against the scenario
// (pools must exist; times must fall inside spec.duration).

import type { TimeUs } from '../engine/time.js';
import { type PathSegment, ScenarioPathError, type ScenarioWarning } from '../model/errors.js';
import type { BuiltArrival, BuiltOperation } from '../timeline/inputs.js';
import { parseTrace, TraceError, type TraceRow } from '../workloads/trace.js';
import type { ScenarioSpec } from './schema.js';

export function buildTimeline(
  spec: ScenarioSpec,
  pools: ReadonlyMap<string, unknown>,
  durationUs: TimeUs,
): { arrivals: BuiltArrival[]; operations: BuiltOperation[]; warnings: ScenarioWarning[] } {
  const warnings: ScenarioWarning[] = [];
  const names = new Set<string>();
  const arrivals = (spec.arrivals ?? []).map((a, i) => {
    if (names.has(a.name))
      throw new ScenarioPathError(['spec', 'arrivals', i, 'name'], `duplicate arrival name "${a.name}"`);
    names.add(a.name);
    return buildArrival(a, ['spec', 'arrivals', i], durationUs, warnings);
  });
  const operations = (spec.operations ?? []).map((op, i) => {
    const path = ['spec', 'operations', i];
    if (op.at > durationUs)
      throw new ScenarioPathError([...path, 'at'], 'operation comes after the end of spec.duration');
    if (op.action === 'add-nodes' && !pools.has(op.pool)) {
      throw new ScenarioPathError(
        [...path, 'pool'],
        `no node pool named "${op.pool}" in spec.cluster.nodePools`,
      );
    }
    if (
      (op.action === 'cordon' ||
        op.action === 'uncordon' ||
        op.action === 'drain' ||
        op.action === 'delete-node') &&
      op.node === undefined &&
      op.nodes === undefined
    ) {
      throw new ScenarioPathError(path, `action ${op.action} needs node or nodes`);
    }
    return { spec: op, path };
  });
  return { arrivals, operations, warnings };
}

function buildArrival(
  a: NonNullable<ScenarioSpec['arrivals']>[number],
  path: readonly PathSegment[],
  durationUs: TimeUs,
  warnings: ScenarioWarning[],
): BuiltArrival {
  const base = { name: a.name, namespace: a.namespace ?? 'default', path };
  if (a.trace !== undefined) {
    const t = a.trace;
    let rows: TraceRow[];
    try {
      rows = parseTrace(t.text ?? '', {
        format: t.format ?? 'kubesim',
        timeScale: t.timeScale ?? 1,
        limit: t.limit,
        qosPriority: t.qosPriority ?? {},
      });
    } catch (e) {
      const where = e instanceof TraceError ? `${t.file ?? 'trace'} ${e.message}` : (e as Error).message;
      throw new ScenarioPathError([...path, 'trace'], where);
    }
    const late = rows.filter((r) => r.atUs > durationUs).length;
    if (late > 0)
      warnings.push({
        path: [...path, 'trace'],
        message: `${late} of ${rows.length} trace rows arrive after spec.duration and are not replayed`,
      });
    return { ...base, kind: 'trace', rows, template: t.template, gpuResource: t.gpuResource };
  }
  const template = a.template as NonNullable<typeof a.template>;
  const intervalUs = a.interval ?? 1_000_000 / (a.rate as number);
  if (!(intervalUs > 0)) throw new ScenarioPathError([...path, 'interval'], 'expected a positive interval');
  return {
    ...base,
    kind: 'template',
    process: a.process ?? 'poisson',
    intervalUs,
    startUs: a.start ?? 0,
    endUs: Math.min(a.end ?? durationUs, durationUs),
    count: a.count ?? Number.POSITIVE_INFINITY,
    template,
  };
}
