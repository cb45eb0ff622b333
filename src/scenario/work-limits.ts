// What a scenario asks of the simulator, estimated before anything is built: nodes, pod objects and
// events. A scenario beyond kubesim's documented limits (README "Limits"), or one whose events cannot
// fit in spec.maxEvents, is refused at load time naming the field that asks for the most, so that
// `kubesim validate` answers at once instead of building ten million nodes to find out.
//
// The estimates are lower bounds (each pod is created, scheduled and started; each metrics sample is an
// event): a scenario refused here could not have finished within its limits anyway. Heartbeats are not
// counted, since steady-state kubelets schedule no events.

import { formatDuration, type TimeUs } from '../engine/time.js';
import type { PathSegment } from '../model/errors.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_METRICS_INTERVAL_US } from '../sim/config.js';
import { parseTrace } from '../workloads/trace.js';
import type { Scenario } from './schema.js';

/** Nodes a run may hold at once (initial plus added): the 65 000-node benchmark with room to spare. */
export const MAX_NODES = 100_000;
/** Pod objects a run may create: a 1 000 000-pod burst with room to spare. */
export const MAX_PODS = 2_000_000;
/** Events per pod the estimate counts: created, scheduled (bound) and started. */
const EVENTS_PER_POD = 3;

export interface LimitProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

interface Part {
  readonly path: readonly PathSegment[];
  readonly amount: number;
  readonly what: string;
}

/** The biggest contributor names the field; the total is what the limit is about. */
function biggest(parts: readonly Part[]): Part | undefined {
  return parts.reduce<Part | undefined>(
    (a, b) => (a === undefined || b.amount > a.amount ? b : a),
    undefined,
  );
}

const sum = (parts: readonly Part[]) => parts.reduce((s, p) => s + p.amount, 0);

const fmt = (n: number) =>
  n >= 1e15 || !Number.isFinite(n) ? n.toExponential(2) : Math.round(n).toLocaleString('en-US');

export function checkWorkLimits(scenario: Scenario): LimitProblem[] {
  const spec = scenario.spec;
  const nodes = nodeParts(scenario);
  const nodeTotal = sum(nodes);
  const out: LimitProblem[] = [];
  if (nodeTotal > MAX_NODES) {
    const top = biggest(nodes) as Part;
    out.push({
      path: top.path,
      message: `${fmt(nodeTotal)} nodes exceed kubesim's limit of ${fmt(MAX_NODES)} nodes per run (${top.what}: ${fmt(top.amount)})`,
    });
    return out; // the pod estimate scales with nodes (DaemonSets): one message is enough
  }
  const pods = podParts(scenario, nodeTotal);
  const podTotal = sum(pods);
  if (podTotal > MAX_PODS) {
    const top = biggest(pods) as Part;
    out.push({
      path: top.path,
      message: `at least ${fmt(podTotal)} pods exceed kubesim's limit of ${fmt(MAX_PODS)} pods per run (${top.what}: ${fmt(top.amount)})`,
    });
    return out;
  }
  const maxEvents = spec.maxEvents ?? DEFAULT_MAX_EVENTS;
  const intervalUs = spec.metrics?.interval ?? DEFAULT_METRICS_INTERVAL_US;
  const events: Part[] = [
    {
      path: spec.metrics?.interval !== undefined ? ['spec', 'metrics', 'interval'] : ['spec', 'duration'],
      amount: Math.floor(spec.duration / intervalUs) + 1,
      what: `metrics samples over ${formatDuration(spec.duration)}`,
    },
    ...pods.map((p) => ({
      ...p,
      amount: p.amount * EVENTS_PER_POD,
      what: `${p.what}, ${EVENTS_PER_POD} events each`,
    })),
  ];
  const eventTotal = sum(events);
  if (eventTotal > maxEvents) {
    const top = biggest(events) as Part;
    out.push({
      path: top.path,
      message: `the run needs at least ${fmt(eventTotal)} events, more than spec.maxEvents (${fmt(maxEvents)}${spec.maxEvents === undefined ? ', the default' : ''}) (${top.what}: ${fmt(top.amount)}); raise spec.maxEvents or ask for less`,
    });
  }
  return out;
}

function nodeParts(scenario: Scenario): Part[] {
  const spec = scenario.spec;
  const parts: Part[] = [];
  (spec.cluster.nodePools ?? []).forEach((p, i) => {
    parts.push({
      path: ['spec', 'cluster', 'nodePools', i, 'count'],
      amount: p.count,
      what: `node pool ${p.name}`,
    });
  });
  const explicit = spec.cluster.nodes?.length ?? 0;
  if (explicit > 0)
    parts.push({ path: ['spec', 'cluster', 'nodes'], amount: explicit, what: 'Node manifests' });
  (spec.faults ?? []).forEach((f, i) => {
    if (f.action === 'add-nodes')
      parts.push({ path: ['spec', 'faults', i, 'count'], amount: f.count, what: 'add-nodes fault' });
  });
  (spec.operations ?? []).forEach((op, i) => {
    if (op.action === 'add-nodes') {
      parts.push({ path: ['spec', 'operations', i, 'count'], amount: op.count, what: 'add-nodes operation' });
    }
  });
  return parts;
}

function podParts(scenario: Scenario, nodes: number): Part[] {
  const spec = scenario.spec;
  const parts: Part[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    const at: PathSegment[] = ['spec', 'workloads', i];
    switch (w.kind) {
      case 'Pod':
        parts.push({ path: at, amount: 1, what: 'Pod' });
        break;
      case 'Deployment':
      case 'ReplicaSet':
        parts.push({
          path: [...at, 'spec', 'replicas'],
          amount: w.spec.replicas ?? 1,
          what: `${w.kind} ${w.metadata.name}`,
        });
        break;
      case 'DaemonSet':
        parts.push({ path: at, amount: nodes, what: `DaemonSet ${w.metadata.name} (one pod per node)` });
        break;
      case 'Job':
        parts.push({
          path: [...at, 'spec', w.spec.completions !== undefined ? 'completions' : 'parallelism'],
          amount: w.spec.completions ?? w.spec.parallelism ?? 1,
          what: `Job ${w.metadata.name}`,
        });
        break;
    }
  });
  for (const [i, a] of (spec.arrivals ?? []).entries())
    parts.push(arrivalPart(a, ['spec', 'arrivals', i], spec.duration));
  (spec.operations ?? []).forEach((op, i) => {
    if (op.action === 'scale') {
      parts.push({
        path: ['spec', 'operations', i, 'replicas'],
        amount: op.replicas,
        what: `scale of ${op.target}`,
      });
    }
  });
  return parts;
}

/** Template arrivals: one per interval from start to end (or `count`); traces: their rows' counts. */
function arrivalPart(
  a: NonNullable<Scenario['spec']['arrivals']>[number],
  path: readonly PathSegment[],
  durationUs: TimeUs,
): Part {
  if (a.trace !== undefined) {
    let pods = 0;
    try {
      const t = a.trace;
      const rows = parseTrace(t.text ?? '', {
        format: t.format ?? 'kubesim',
        timeScale: t.timeScale ?? 1,
        limit: t.limit,
        qosPriority: t.qosPriority ?? {},
      });
      for (const r of rows) pods += r.count;
    } catch {
      // A malformed trace is reported, with its row, when the scenario is built.
    }
    return { path: [...path, 'trace'], amount: pods, what: `trace rows of arrival ${a.name}` };
  }
  const intervalUs = a.interval ?? 1_000_000 / (a.rate as number);
  const spanUs = Math.max(0, Math.min(a.end ?? durationUs, durationUs) - (a.start ?? 0));
  const perSpan = intervalUs > 0 ? spanUs / intervalUs : Number.POSITIVE_INFINITY;
  const arrivals = Math.min(a.count ?? Number.POSITIVE_INFINITY, Math.floor(perSpan) + 1);
  const perArrival =
    a.template?.kind === 'Job' ? (a.template.spec.completions ?? a.template.spec.parallelism ?? 1) : 1;
  const field =
    a.count !== undefined && a.count <= perSpan ? 'count' : a.interval !== undefined ? 'interval' : 'rate';
  return { path: [...path, field], amount: arrivals * perArrival, what: `arrival ${a.name}` };
}
