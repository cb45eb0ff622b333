// PodDisruptionBudget (policy/v1): the object, its status as the disruption controller and the
// Eviction API write it, the DisruptionAllowed condition helpers (k8s.io/component-helpers
// apps/poddisruptionbudget helpers.go) and the three selector rules upstream applies to it:
//   - policy/v1 budgets: an absent selector matches nothing, an empty one ({}) every pod of the
//     namespace (metav1.LabelSelectorAsSelector; the disruption controller, the Eviction API since
//     policy/v1, the cluster-autoscaler's RemainingPdbTracker);
//   - kube-scheduler preemption (defaultpreemption filterPodsWithPDBViolation): an absent or empty
//     selector matches nothing, and a pod without labels matches no budget.
// Times in `disruptedPods` are metav1.Time values, whole seconds (apiTimeUs).

import { apiTimeUs, type TimeUs } from '../engine/time.js';
import type { LabelSelector, Pod } from '../model/types.js';
import { isEmptySelector, matchesSelector } from './labels.js';
import type { IntOrPercent } from './objects.js';

/** disruption.go DeletionTimeout: an entry of disruptedPods not deleted by then is dropped. */
export const DELETION_TIMEOUT_US = 120_000_000;

/** eviction.go MaxDisruptedPodSize: more entries and evictions are refused (403). */
export const MAX_DISRUPTED_POD_SIZE = 2000;

export type UnhealthyPodEvictionPolicy = 'IfHealthyBudget' | 'AlwaysAllow';

export type DisruptionAllowedReason = 'SufficientPods' | 'InsufficientPods' | 'SyncFailed';

/** metav1.Condition of type DisruptionAllowed (the only condition a PDB carries). */
export interface PdbCondition {
  readonly type: 'DisruptionAllowed';
  readonly status: 'True' | 'False';
  readonly reason: DisruptionAllowedReason;
  readonly message: string;
  readonly observedGeneration: number;
  readonly lastTransitionUs: TimeUs;
}

export interface PdbStatus {
  readonly observedGeneration: number;
  readonly disruptionsAllowed: number;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  /** Pod name -> when the Eviction API approved its eviction (whole seconds). */
  readonly disruptedPods: ReadonlyMap<string, TimeUs>;
  readonly conditions: readonly PdbCondition[];
}

export interface PdbSpec {
  readonly minAvailable: IntOrPercent | null;
  readonly maxUnavailable: IntOrPercent | null;
  /** null: the field is absent (matches nothing). */
  readonly selector: LabelSelector | null;
  /** null: absent, which behaves as IfHealthyBudget. */
  readonly unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy | null;
}

export interface PodDisruptionBudget {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdUs: TimeUs;
  /** metadata.generation: 1 at creation, bumped by every spec change. */
  generation: number;
  /** metadata.resourceVersion: bumped by every write (spec or status); status writes check it. */
  resourceVersion: number;
  spec: PdbSpec;
  status: PdbStatus;
}

export const EMPTY_PDB_STATUS: PdbStatus = {
  observedGeneration: 0,
  disruptionsAllowed: 0,
  currentHealthy: 0,
  desiredHealthy: 0,
  expectedPods: 0,
  disruptedPods: new Map(),
  conditions: [],
};

/** policy/v1 matching (LabelSelectorAsSelector): absent selects nothing, {} selects the whole namespace. */
export function pdbSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  const sel = pdb.spec.selector;
  return sel !== null && pod.namespace === pdb.namespace && matchesSelector(pod.labels, sel);
}

/**
 * kube-scheduler's rule (filterPodsWithPDBViolation): "A PDB with a nil or empty selector matches
 * nothing", and a pod with no labels matches no budget.
 */
export function pdbSelectsForPreemption(pdb: PodDisruptionBudget, pod: Pod): boolean {
  const sel = pdb.spec.selector;
  if (sel === null || isEmptySelector(sel) || Object.keys(pod.labels).length === 0) return false;
  return pod.namespace === pdb.namespace && matchesSelector(pod.labels, sel);
}

function condition(
  status: PdbCondition['status'],
  reason: DisruptionAllowedReason,
  message: string,
  observedGeneration: number,
  prev: readonly PdbCondition[],
  nowUs: TimeUs,
): PdbCondition[] {
  // apimeta.SetStatusCondition: lastTransitionTime moves only when the status changes.
  const old = prev.find((c) => c.type === 'DisruptionAllowed');
  const lastTransitionUs =
    old !== undefined && old.status === status ? old.lastTransitionUs : apiTimeUs(nowUs);
  const cond: PdbCondition = {
    type: 'DisruptionAllowed',
    status,
    reason,
    message,
    observedGeneration,
    lastTransitionUs,
  };
  return [...prev.filter((c) => c.type !== 'DisruptionAllowed'), cond];
}

/** pdbhelper.UpdateDisruptionAllowedCondition on a status. */
export function withDisruptionAllowedCondition(status: PdbStatus, nowUs: TimeUs): PdbStatus {
  const allowed = status.disruptionsAllowed > 0;
  return {
    ...status,
    conditions: condition(
      allowed ? 'True' : 'False',
      allowed ? 'SufficientPods' : 'InsufficientPods',
      '',
      status.observedGeneration,
      status.conditions,
      nowUs,
    ),
  };
}

/** failSafe's condition: DisruptionAllowed=False, reason SyncFailed, the error as message. */
export function withSyncFailedCondition(status: PdbStatus, message: string, nowUs: TimeUs): PdbStatus {
  return {
    ...status,
    disruptionsAllowed: 0,
    conditions: condition(
      'False',
      'SyncFailed',
      message,
      status.observedGeneration,
      status.conditions,
      nowUs,
    ),
  };
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const cond = pdb.status.conditions.find((c) => c.type === 'DisruptionAllowed');
  if (cond === undefined || pdb.status.observedGeneration !== pdb.generation) return false;
  if (pdb.status.disruptionsAllowed > 0) return cond.status === 'True' && cond.reason === 'SufficientPods';
  return cond.status === 'False' && cond.reason === 'InsufficientPods';
}

/** The DisruptionAllowed condition, or undefined before the first sync. */
export function disruptionAllowedCondition(pdb: PodDisruptionBudget): PdbCondition | undefined {
  return pdb.status.conditions.find((c) => c.type === 'DisruptionAllowed');
}

export function sameDisruptedPods(a: ReadonlyMap<string, TimeUs>, b: ReadonlyMap<string, TimeUs>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
