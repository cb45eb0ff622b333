// Which events.csv rows a scenario can produce at all, worked out from the built scenario before it
// runs: one shape per row kind (its possible reasons from the closed list in sim/event-reasons.ts, and
// the values its object, node and zone columns can hold) plus one shape per fault. It over-approximates
// on purpose: every row a run writes fits some shape (a test runs scenarios and checks that), so a
// selector that fits none cannot match in any run, with any seed, and is an error rather than a pass.
//
// Names come from the scenario: nodes of spec.cluster and those add-nodes faults and operations will
// register (numbered as sim/node-ops.ts does), pods by name or by the prefix their controller or
// generateName completes (pod <deployment>-<hash>-<suffix>, <job>-<suffix>, <arrival>-<n>), workload
// objects as Kind/namespace/name, zones by their topology.kubernetes.io/zone label.

import { StatusConfigMap } from '../autoscaler/schema.js';
import { EVENT_REASONS, type EventKind, HEARTBEAT_REASONS, type ReasonOf } from '../model/event-reasons.js';
import { zoneKeyOf, zoneLabelOf } from '../model/factory.js';
import { poolNodes } from '../model/node-pools.js';
import type { BuiltScenario } from '../scenario/build.js';
import { unionSets, type ValueSet, valueSet } from './can-match.js';

export interface RowShape {
  readonly kind: EventKind;
  readonly reasons: readonly string[];
  readonly object: ValueSet;
  readonly node: ValueSet;
  readonly zone: ValueSet;
}

export interface EventUniverse {
  readonly shapes: readonly RowShape[];
  /** Listed reasons this scenario cannot produce, with the reason why. */
  readonly absent: ReadonlyMap<string, string>;
  /** Zone key (region:zone) -> zone label, for nodes with a region label. */
  readonly zoneKeys: ReadonlyMap<string, string>;
}

interface PlannedNode {
  readonly name: string;
  readonly zone: string;
  readonly zoneKey: string;
}

/** Reasons only the cluster-autoscaler writes (on pods, nodes and its status ConfigMap). */
const AUTOSCALER_ONLY_REASONS: readonly string[] = [
  'TriggeredScaleUp',
  'NotTriggerScaleUp',
  'ScaleDown',
  'ScaleDownFailed',
  ...EVENT_REASONS.Autoscaler,
];

/** More added nodes than this are described by their pool's name prefix instead of one by one. */
const MAX_LISTED_ADDED_NODES = 100_000;

export function eventUniverse(built: BuiltScenario): EventUniverse {
  const nodes = plannedNodes(built);
  const byName = new Map(nodes.exact.map((n) => [n.name, n]));
  const nodeNames = valueSet(byName.keys(), nodes.prefixes);
  const zones = valueSet([...nodes.exact.map((n) => n.zone), ...nodes.prefixZones]);
  const zoneKeys = new Map<string, string>();
  for (const n of nodes.exact) if (n.zoneKey !== n.zone) zoneKeys.set(n.zoneKey, n.zone);
  const empty = valueSet(['']);
  const absent = new Map<string, string>();
  const heartbeats = built.config.kubelet.heartbeatEvents;
  if (!heartbeats)
    for (const r of HEARTBEAT_REASONS)
      absent.set(r, 'it is written only with spec.kubelet.heartbeatEvents: true');
  for (const [reason, why] of disruptionAbsent(built)) absent.set(reason, why);
  if (built.autoscaler === null)
    for (const r of AUTOSCALER_ONLY_REASONS) absent.set(r, 'it is written only when a node pool autoscales');
  const faultActions = new Set(built.faults.map((f) => f.action));
  for (const a of EVENT_REASONS.Fault)
    if (!faultActions.has(a)) absent.set(a, `no entry of spec.faults has action ${a}`);

  const shapes: RowShape[] = [
    {
      kind: 'Node',
      reasons: EVENT_REASONS.Node.filter((r) => !absent.has(r)),
      object: nodeNames,
      node: nodeNames,
      zone: zones,
    },
    {
      kind: 'Pod',
      reasons: EVENT_REASONS.Pod.filter((r) => !absent.has(r)),
      object: podNames(built),
      node: unionSets([nodeNames, empty]),
      zone: unionSets([zones, empty]),
    },
    {
      kind: 'Workload',
      reasons: EVENT_REASONS.Workload.filter((r) => !absent.has(r)),
      object: workloadObjects(built),
      node: empty,
      zone: empty,
    },
    // Status conditions of the same objects (workloads/conditions.ts conditionRows, pdb-rows.ts).
    {
      kind: 'Condition',
      reasons: EVENT_REASONS.Condition.filter((r) => !absent.has(r)),
      object: workloadObjects(built),
      node: empty,
      zone: empty,
    },
  ];
  if (nodes.exact.length > 0 || nodes.prefixes.length > 0)
    shapes.push({
      kind: 'Zone',
      reasons: EVENT_REASONS.Zone,
      object: valueSet([...nodes.exact.map((n) => n.zoneKey), ...nodes.prefixZones]),
      node: empty,
      zone: zones,
    });
  if (built.autoscaler !== null)
    shapes.push({
      kind: 'Autoscaler',
      reasons: EVENT_REASONS.Autoscaler,
      object: valueSet([StatusConfigMap]),
      node: unionSets([nodeNames, empty]),
      zone: unionSets([zones, empty]),
    });
  const volumes = volumeObjects(built);
  if (volumes !== null)
    shapes.push({
      kind: 'Volume',
      reasons: EVENT_REASONS.Volume,
      object: volumes,
      node: empty,
      zone: unionSets([zones, empty]),
    });
  for (const f of built.faults) shapes.push(faultShape(f, byName, nodeNames, zones));
  return { shapes, absent, zoneKeys };
}

/**
 * Reasons of drains and disruption budgets a scenario without them cannot write: drain outcomes need a
 * drain operation; refusals, the disruption controller's Events and DisruptionAllowed conditions need
 * a PodDisruptionBudget (in spec.workloads or applied by an operation).
 */
function disruptionAbsent(built: BuiltScenario): Map<string, string> {
  const out = new Map<string, string>();
  const ops = built.operations.map((o) => o.spec);
  if (!ops.some((o) => o.action === 'drain'))
    for (const r of ['Drained', 'DrainTimedOut', 'DrainFailed']) out.set(r, 'no operation has action drain');
  const pdbs =
    built.pdbs.length > 0 ||
    ops.some((o) => o.action === 'apply' && o.manifest.kind === 'PodDisruptionBudget');
  if (!pdbs) {
    for (const r of [
      'TooManyRequests',
      'InternalError',
      'Forbidden',
      'MultiplePodDisruptionBudgets',
      'NotDeleted',
      'NoPods',
      'UnmanagedPods',
      'CalculateExpectedPodCountFailed',
      'SufficientPods',
      'InsufficientPods',
      'SyncFailed',
    ])
      out.set(r, 'the scenario has no PodDisruptionBudget');
  }
  return out;
}

// ---- nodes ---------------------------------------------------------------------------------------------

/**
 * Nodes of spec.cluster and those add-nodes will register. Faults and operations that add to a pool at
 * the same instant may run in either order, which can change a name's zero padding, so both orders
 * count.
 */
function plannedNodes(built: BuiltScenario): {
  exact: PlannedNode[];
  prefixes: string[];
  prefixZones: string[];
} {
  const planned = (labels: Readonly<Record<string, string>>, name: string): PlannedNode => ({
    name,
    zone: zoneLabelOf(labels),
    zoneKey: zoneKeyOf(labels),
  });
  const exact = new Map(built.nodes.map((n) => [n.name, planned(n.labels, n.name)]));
  const adds = [
    ...built.faults.flatMap((f, i) =>
      f.action === 'add-nodes' ? [{ at: f.at, pool: f.pool, count: f.count, src: 0, i }] : [],
    ),
    ...built.operations.flatMap((o, i) =>
      o.spec.action === 'add-nodes'
        ? [{ at: o.spec.at, pool: o.spec.pool, count: o.spec.count, src: 1, i }]
        : [],
    ),
  ];
  // The cluster-autoscaler names new nodes <group>-<n>, numbered on without bound as nodes come and go.
  const groups = built.autoscaler?.groups ?? [];
  const groupPrefixes = groups.map((g) => `${g.nodeName(0).replace(/\d+$/, '')}`);
  const groupZones = groups.map((g) => g.zone);
  const total = adds.reduce((n, a) => n + a.count, 0);
  if (total > MAX_LISTED_ADDED_NODES) {
    const pools = [...new Set(adds.map((a) => a.pool))].flatMap((p) => {
      const pool = built.pools.get(p);
      return pool ? [pool.spec] : [];
    });
    return {
      exact: [...exact.values()],
      prefixes: [...pools.map((p) => `${p.name}-`), ...groupPrefixes],
      prefixZones: [...pools.flatMap((p) => p.zones ?? [p.zone ?? '']), ...groupZones],
    };
  }
  for (const first of [0, 1]) {
    const order = [...adds].sort(
      (a, b) => a.at - b.at || (a.src === b.src ? a.i - b.i : a.src === first ? -1 : 1),
    );
    const sizes = new Map<string, number>();
    for (const a of order) {
      const pool = built.pools.get(a.pool);
      if (pool === undefined) continue;
      const from = sizes.get(a.pool) ?? pool.spec.count;
      for (const n of poolNodes(pool.spec, from, a.count, () => 0))
        exact.set(n.name, planned(n.labels, n.name));
      sizes.set(a.pool, from + a.count);
    }
  }
  return { exact: [...exact.values()], prefixes: groupPrefixes, prefixZones: groupZones };
}

// ---- pods and workload objects -------------------------------------------------------------------------

function podNames(built: BuiltScenario): ValueSet {
  const exact: string[] = built.pods.map((p) => `${p.namespace}/${p.name}`);
  const prefixes: string[] = built.workloads.map((w) => `${w.namespace}/${w.manifest.metadata.name}-`);
  for (const a of built.arrivals) {
    const ns = a.template?.metadata.namespace ?? a.namespace;
    if (a.kind === 'template') {
      prefixes.push(`${ns}/${a.name}-`);
      continue;
    }
    let unnamed = false;
    for (const row of a.rows) {
      if (row.name === null) unnamed = true;
      else exact.push(`${ns}/${row.name}`);
      if (row.name !== null) prefixes.push(`${ns}/${row.name}-`);
    }
    if (unnamed) prefixes.push(`${ns}/${a.name}-`);
  }
  for (const o of built.operations) {
    if (o.spec.action !== 'apply') continue;
    const m = o.spec.manifest;
    const ns = ('namespace' in m.metadata ? m.metadata.namespace : undefined) ?? 'default';
    if (m.kind === 'PriorityClass') continue;
    if (m.kind !== 'Pod') prefixes.push(`${ns}/${m.metadata.name}-`);
    else if (m.metadata.name) exact.push(`${ns}/${m.metadata.name}`);
    else prefixes.push(`${ns}/${m.metadata.generateName ?? ''}`);
  }
  return valueSet(exact, prefixes);
}

/**
 * The claims and volumes a run can write Volume rows for (volumes.md §6): the scenario's own, the
 * claims of StatefulSets' volumeClaimTemplates (<template>-<set>-<ordinal>) and provisioned volumes
 * (pvc-<n>); null when the scenario has no storage at all.
 */
function volumeObjects(built: BuiltScenario): ValueSet | null {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const v of built.volumes ?? []) {
    if (v.kind === 'PersistentVolumeClaim')
      exact.push(`PersistentVolumeClaim/${v.namespace}/${v.manifest.metadata.name}`);
    else if (v.kind === 'PersistentVolume') exact.push(`PersistentVolume/${v.manifest.metadata.name}`);
  }
  for (const w of built.workloads) {
    if (w.kind !== 'StatefulSet') continue;
    const set = w.manifest.metadata.name;
    for (const t of w.manifest.spec.volumeClaimTemplates ?? [])
      prefixes.push(`PersistentVolumeClaim/${w.namespace}/${t.metadata.name}-${set}-`);
  }
  if (exact.length === 0 && prefixes.length === 0 && (built.volumes ?? []).length === 0) return null;
  prefixes.push('PersistentVolume/pvc-');
  return valueSet(exact, prefixes);
}

function workloadObjects(built: BuiltScenario): ValueSet {
  const exact: string[] = [];
  const prefixes: string[] = [];
  const object = (kind: string, ns: string, name: string) => {
    exact.push(`${kind}/${ns}/${name}`);
    // A Deployment's ReplicaSets are <name>-<pod-template-hash>.
    if (kind === 'Deployment') prefixes.push(`ReplicaSet/${ns}/${name}-`);
    // A CronJob's Jobs are <name>-<scheduled minute since the Unix epoch>.
    if (kind === 'CronJob') prefixes.push(`Job/${ns}/${name}-`);
  };
  for (const w of built.workloads) object(w.kind, w.namespace, w.manifest.metadata.name);
  for (const p of built.pdbs) object('PodDisruptionBudget', p.namespace, p.manifest.metadata.name);
  for (const h of built.hpas) exact.push(`HorizontalPodAutoscaler/${h.namespace}/${h.name}`);
  for (const a of built.arrivals) {
    exact.push(`Arrival/${a.name}`);
    if (a.kind === 'template' && a.template.kind === 'Job')
      prefixes.push(`Job/${a.template.metadata.namespace ?? a.namespace}/${a.name}-`);
  }
  for (const o of built.operations) {
    const op = o.spec;
    if (op.action === 'apply') {
      const m = op.manifest;
      const ns = ('namespace' in m.metadata ? m.metadata.namespace : undefined) ?? 'default';
      object(m.kind, ns, m.metadata.name ?? '');
    } else if ('target' in op) {
      // OperationFailed names the target as written; Kind/name is Kind/default/name.
      exact.push(op.target);
      const parts = op.target.split('/');
      if (parts.length === 2) exact.push(`${parts[0]}/default/${parts[1]}`);
    } else if ('node' in op || 'nodes' in op) {
      const rec = op as { node?: string; nodes?: readonly string[] };
      exact.push(...(rec.node !== undefined ? [rec.node] : []), ...(rec.nodes ?? []));
    }
  }
  return valueSet(exact, prefixes);
}

// ---- faults --------------------------------------------------------------------------------------------

function faultShape(
  f: BuiltScenario['faults'][number],
  byName: ReadonlyMap<string, PlannedNode>,
  nodeNames: ValueSet,
  zones: ValueSet,
): RowShape {
  const reasons: readonly ReasonOf<'Fault'>[] = [f.action];
  const one = (object: string): RowShape => ({
    kind: 'Fault',
    reasons,
    object: valueSet([object]),
    node: valueSet(['']),
    zone: valueSet(['']),
  });
  if (f.action === 'add-nodes') return one(f.pool);
  if (f.action === 'controller-manager-restart') return one('kube-controller-manager');
  const rec = f as { node?: string; nodes?: readonly string[]; zone?: string };
  const names = [...(rec.node !== undefined ? [rec.node] : []), ...(rec.nodes ?? [])];
  const objects = [...names];
  const nodeCol = [...names];
  const zoneCol: ValueSet[] = names.map((n) => {
    const node = byName.get(n);
    return node ? valueSet([node.zone]) : zones;
  });
  if (rec.zone !== undefined) {
    const zone = rec.zone;
    objects.push(zone);
    nodeCol.push('');
    const labels = [...byName.values()]
      .filter((n) => n.zone === zone || n.zoneKey === zone)
      .map((n) => n.zone);
    zoneCol.push(valueSet(labels.length > 0 ? labels : [zone]));
  }
  return {
    kind: 'Fault',
    reasons,
    object: valueSet(objects),
    node: names.some((n) => !byName.has(n)) ? unionSets([valueSet(nodeCol), nodeNames]) : valueSet(nodeCol),
    zone: unionSets(zoneCol),
  };
}
