// The disruption controller's decision for one PodDisruptionBudget (pkg/controller/disruption
// disruption.go trySync), as a pure function of the budget, its pods, the controllers' scales and the
// clock:
//   expectedPods / desiredHealthy  getExpectedPodCount: maxUnavailable (int or %) and percentage
//                                  minAvailable need every selected pod's controller and its scale
//                                  (getExpectedScale: the finders, in upstream's order
//                                  ReplicationController, Deployment, ReplicaSet, StatefulSet, scale
//                                  subresource); pods without a controllerRef are "unmanaged": left out
//                                  of the scale sum with an UnmanagedPods event. An integer minAvailable
//                                  counts the selected pods. Percentages round up
//                                  (intstr.GetScaledValueFromIntOrPercent(..., true)) for both fields.
//   disruptedPods                  buildDisruptedPodMap: entries of pods still present and not deleting,
//                                  younger than DeletionTimeout (2 min); older ones are dropped with a
//                                  NotDeleted event; the youngest expiry is the recheck time.
//   currentHealthy                 countHealthyPods: Ready pods that are not deleting and not in
//                                  disruptedPods.
//   disruptionsAllowed             currentHealthy - desiredHealthy, 0 when negative or when expectedPods
//                                  is 0.
// An error (a pod whose controller cannot be found or has no scale) is the failSafe path: the status
// keeps its old numbers, disruptionsAllowed becomes 0 and DisruptionAllowed=False/SyncFailed.

import type { TimeUs } from '../../engine/time.js';
import type { Pod } from '../../model/types.js';
import { scaledValue } from '../../workloads/objects.js';
import {
  conditionsAreUpToDate,
  DELETION_TIMEOUT_US,
  type PdbStatus,
  type PodDisruptionBudget,
  sameDisruptedPods,
  withDisruptionAllowedCondition,
  withSyncFailedCondition,
} from '../../workloads/pdb.js';

/** metav1.OwnerReference as the finders read it. */
export interface ControllerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

/** A controller object as a lister returns it: its uid, spec.replicas and its own controllerRef. */
export interface ControllerObject {
  readonly uid: string;
  readonly replicas: number;
  readonly controllerRef: ControllerRef | null;
}

/** The listers the finders read (the informers of kube-controller-manager). */
export interface ControllerLister {
  get(kind: string, namespace: string, name: string): ControllerObject | undefined;
}

/** Workload kinds the RESTMapper knows: their group, resource and whether they have /scale. */
const KINDS: Readonly<Record<string, { group: string; resource: string; scale: boolean }>> = {
  ReplicationController: { group: '', resource: 'replicationcontrollers', scale: true },
  ReplicaSet: { group: 'apps', resource: 'replicasets', scale: true },
  Deployment: { group: 'apps', resource: 'deployments', scale: true },
  StatefulSet: { group: 'apps', resource: 'statefulsets', scale: true },
  DaemonSet: { group: 'apps', resource: 'daemonsets', scale: false },
  Job: { group: 'batch', resource: 'jobs', scale: false },
  CronJob: { group: 'batch', resource: 'cronjobs', scale: false },
};

/** The apiVersion kubesim's objects carry (ownerReferences written by its controllers). */
export function apiVersionOf(kind: string): string {
  const g = KINDS[kind]?.group;
  return g === undefined ? 'v1' : g === '' ? 'v1' : `${g}/v1`;
}

/** metav1.GetControllerOf for a kubesim pod. */
export function controllerRefOf(pod: Pod): ControllerRef | null {
  const o = pod.owner;
  if (o === null || !o.controller) return null;
  return { apiVersion: apiVersionOf(o.kind), kind: o.kind, name: o.name, uid: o.uid };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** verifyGroupKind */
function isGroupKind(ref: ControllerRef, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion));
}

export type FinderResult =
  | { readonly uid: string; readonly scale: number }
  | null
  | { readonly error: string };
export type Finder = (lister: ControllerLister, ref: ControllerRef, namespace: string) => FinderResult;

const RS_GROUPS = ['apps', 'extensions'];

function found(obj: ControllerObject | undefined, ref: ControllerRef): ControllerObject | null {
  return obj !== undefined && obj.uid === ref.uid ? obj : null;
}

/** getPodReplicationController */
export const findReplicationController: Finder = (l, ref, ns) => {
  if (!isGroupKind(ref, 'ReplicationController', [''])) return null;
  const rc = found(l.get('ReplicationController', ns, ref.name), ref);
  return rc && { uid: rc.uid, scale: rc.replicas };
};

/** getPodDeployment: the pod's ReplicaSet's controlling Deployment. */
export const findDeployment: Finder = (l, ref, ns) => {
  if (!isGroupKind(ref, 'ReplicaSet', RS_GROUPS)) return null;
  const rs = found(l.get('ReplicaSet', ns, ref.name), ref);
  const dref = rs?.controllerRef ?? null;
  if (dref === null || !isGroupKind(dref, 'Deployment', RS_GROUPS)) return null;
  const d = found(l.get('Deployment', ns, dref.name), dref);
  return d && { uid: d.uid, scale: d.replicas };
};

/** getPodReplicaSet: a ReplicaSet not controlled by a Deployment. */
export const findReplicaSet: Finder = (l, ref, ns) => {
  if (!isGroupKind(ref, 'ReplicaSet', RS_GROUPS)) return null;
  const rs = found(l.get('ReplicaSet', ns, ref.name), ref);
  if (rs === null || rs.controllerRef?.kind === 'Deployment') return null;
  return { uid: rs.uid, scale: rs.replicas };
};

/** getPodStatefulSet */
export const findStatefulSet: Finder = (l, ref, ns) => {
  if (!isGroupKind(ref, 'StatefulSet', ['apps'])) return null;
  const ss = found(l.get('StatefulSet', ns, ref.name), ref);
  return ss && { uid: ss.uid, scale: ss.replicas };
};

/**
 * getScaleController: GET the /scale subresource of whatever the reference names. A kind without it
 * (DaemonSet, Job) is an error, a missing object is not found (nil), an unknown kind a RESTMapper error.
 */
export const findScaleController: Finder = (l, ref, ns) => {
  const k = KINDS[ref.kind];
  if (k === undefined || k.group !== groupOf(ref.apiVersion))
    return { error: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` };
  if (!k.scale) {
    const gr = k.group === '' ? k.resource : `${k.resource}.${k.group}`;
    return { error: `${gr} does not implement the scale subresource` };
  }
  const o = found(l.get(ref.kind, ns, ref.name), ref);
  return o && { uid: o.uid, scale: o.replicas };
};

/** DisruptionController.finders(), in upstream's order. */
export const FINDERS: readonly Finder[] = [
  findReplicationController,
  findDeployment,
  findReplicaSet,
  findStatefulSet,
  findScaleController,
];

export interface ExpectedScale {
  readonly expectedCount: number;
  readonly unmanagedPods: readonly string[];
}

/** getExpectedScale: the sum of the scales of the selected pods' controllers (each counted once). */
export function expectedScale(
  pods: readonly Pod[],
  lister: ControllerLister,
): ExpectedScale | { readonly error: string } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (ref === null) {
      unmanagedPods.push(pod.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let ok = false;
    for (const finder of FINDERS) {
      const r = finder(lister, ref, pod.namespace);
      if (r === null) continue;
      if ('error' in r) return r;
      scales.set(r.uid, r.scale);
      ok = true;
      break;
    }
    if (!ok) return { error: `found no controllers for pod "${pod.name}"` };
  }
  let expectedCount = 0;
  for (const s of scales.values()) expectedCount += s;
  return { expectedCount, unmanagedPods };
}

export interface ExpectedPodCount {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  readonly unmanagedPods: readonly string[];
}

/** getExpectedPodCount */
export function expectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  lister: ControllerLister,
): ExpectedPodCount | { readonly error: string } {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== null) {
    const s = expectedScale(pods, lister);
    if ('error' in s) return s;
    const max = scaledValue(maxUnavailable, s.expectedCount, true);
    return { ...s, desiredHealthy: Math.max(0, s.expectedCount - max) };
  }
  if (minAvailable === null) return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
  if (typeof minAvailable === 'number')
    return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  const s = expectedScale(pods, lister);
  if ('error' in s) return s;
  return { ...s, desiredHealthy: scaledValue(minAvailable, s.expectedCount, true) };
}

/** A Kubernetes Event the sync records (on the budget, or on one of its pods). */
export interface PdbEvent {
  readonly on: 'pdb' | 'pod';
  /** Pod name for events on a pod. */
  readonly pod?: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason:
    | 'NoPods'
    | 'UnmanagedPods'
    | 'CalculateExpectedPodCountFailed'
    | 'NotDeleted'
    | 'MultiplePodDisruptionBudgets';
  readonly message: string;
}

/** buildDisruptedPodMap */
export function buildDisruptedPodMap(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  nowUs: TimeUs,
  events: PdbEvent[],
): { disruptedPods: Map<string, TimeUs>; recheckAtUs: TimeUs | null } {
  const old = pdb.status.disruptedPods;
  const disruptedPods = new Map<string, TimeUs>();
  let recheckAtUs: TimeUs | null = null;
  if (old.size === 0) return { disruptedPods, recheckAtUs };
  for (const pod of pods) {
    if (pod.deletionUs !== null) continue;
    const at = old.get(pod.name);
    if (at === undefined) continue;
    const expectedDeletionUs = at + DELETION_TIMEOUT_US;
    if (expectedDeletionUs < nowUs) {
      // Upstream's message names the namespace twice ("%s/%s", pdb.Namespace, pdb.Namespace).
      events.push({
        on: 'pod',
        pod: pod.name,
        type: 'Warning',
        reason: 'NotDeleted',
        message: `Pod was expected by PDB ${pdb.namespace}/${pdb.namespace} to be deleted but it wasn't`,
      });
      continue;
    }
    if (recheckAtUs === null || expectedDeletionUs < recheckAtUs) recheckAtUs = expectedDeletionUs;
    disruptedPods.set(pod.name, at);
  }
  return { disruptedPods, recheckAtUs };
}

/** countHealthyPods: Ready (IsPodReady), not deleting, not expected to be deleted soon. */
export function countHealthyPods(
  pods: readonly Pod[],
  disruptedPods: ReadonlyMap<string, TimeUs>,
  nowUs: TimeUs,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.deletionUs !== null) continue;
    const at = disruptedPods.get(pod.name);
    if (at !== undefined && at + DELETION_TIMEOUT_US > nowUs) continue;
    if (pod.ready) healthy++;
  }
  return healthy;
}

export type PdbSyncDecision =
  | {
      readonly kind: 'status';
      /** The status to write, or null when it is already up to date (no API call). */
      readonly status: PdbStatus | null;
      readonly recheckAtUs: TimeUs | null;
      readonly events: readonly PdbEvent[];
    }
  | {
      /** failSafe: write this status (disruptionsAllowed 0, SyncFailed). */
      readonly kind: 'failed';
      readonly status: PdbStatus;
      readonly message: string;
      readonly events: readonly PdbEvent[];
    };

/** trySync (and failSafe on its error) for one budget and the pods it selects, in creation order. */
export function decidePdbStatus(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  lister: ControllerLister,
  nowUs: TimeUs,
): PdbSyncDecision {
  const events: PdbEvent[] = [];
  if (pods.length === 0)
    events.push({ on: 'pdb', type: 'Normal', reason: 'NoPods', message: 'No matching pods found' });
  const expected = expectedPodCount(pdb, pods, lister);
  if ('error' in expected) {
    events.push({
      on: 'pdb',
      type: 'Warning',
      reason: 'CalculateExpectedPodCountFailed',
      message: `Failed to calculate the number of expected pods: ${expected.error}`,
    });
    return {
      kind: 'failed',
      status: withSyncFailedCondition(pdb.status, expected.error, nowUs),
      message: expected.error,
      events,
    };
  }
  if (expected.unmanagedPods.length > 0) {
    events.push({
      on: 'pdb',
      type: 'Warning',
      reason: 'UnmanagedPods',
      message:
        `Pods selected by this PodDisruptionBudget (selector: ${selectorText(pdb)}) were found to be unmanaged. ` +
        'As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
        'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    });
  }
  const { disruptedPods, recheckAtUs } = buildDisruptedPodMap(pdb, pods, nowUs, events);
  const currentHealthy = countHealthyPods(pods, disruptedPods, nowUs);
  const status = updatedStatus(
    pdb,
    currentHealthy,
    expected.desiredHealthy,
    expected.expectedCount,
    disruptedPods,
    nowUs,
  );
  return { kind: 'status', status, recheckAtUs, events };
}

/** updatePdbStatus: null when nothing changed (no write). */
export function updatedStatus(
  pdb: PodDisruptionBudget,
  currentHealthy: number,
  desiredHealthy: number,
  expectedPods: number,
  disruptedPods: ReadonlyMap<string, TimeUs>,
  nowUs: TimeUs,
): PdbStatus | null {
  // expectedPods must be > 0, so a budget whose first pods appear before its first sync stays safe.
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const s = pdb.status;
  if (
    s.currentHealthy === currentHealthy &&
    s.desiredHealthy === desiredHealthy &&
    s.expectedPods === expectedPods &&
    s.disruptionsAllowed === disruptionsAllowed &&
    sameDisruptedPods(s.disruptedPods, disruptedPods) &&
    s.observedGeneration === pdb.generation &&
    conditionsAreUpToDate(pdb)
  )
    return null;
  return withDisruptionAllowedCondition(
    {
      currentHealthy,
      desiredHealthy,
      expectedPods,
      disruptionsAllowed,
      disruptedPods,
      observedGeneration: pdb.generation,
      conditions: s.conditions,
    },
    nowUs,
  );
}

/** The selector as Go's %v prints a *metav1.LabelSelector (close enough for the event text). */
function selectorText(pdb: PodDisruptionBudget): string {
  const sel = pdb.spec.selector;
  if (sel === null) return 'nil';
  const labels = Object.entries(sel.matchLabels ?? {})
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  const exprs = (sel.matchExpressions ?? []).map(
    (e) => `${e.key} ${e.operator} [${(e.values ?? []).join(' ')}]`,
  );
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[${exprs.join(',')}]}`;
}
