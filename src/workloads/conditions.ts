// Status conditions of the workload objects as the API holds them (apps/v1 DeploymentCondition,
// ReplicaSetCondition; batch/v1 JobCondition): type, status, reason, message and two timestamps, and
// the list operations the controllers' util packages use on them. Conditions a controller builds in a
// sync carry the exact virtual time (metav1.Now() in memory); what the API stores, and so what the
// next sync reads back, is whole seconds (toApiConditions, metav1.Time serialization).
// Every change of a condition's status or reason is an events.csv row of kind Condition, so
// expectations can pin them (conditionRows).

import { apiTimeUs, type TimeUs } from '../engine/time.js';
import type { ConditionStatus } from '../model/types.js';

export interface Condition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  /** lastUpdateTime (Deployment), lastProbeTime (Job); ReplicaSet conditions keep lastTransitionTime here too. */
  readonly lastUpdateUs: TimeUs;
  readonly lastTransitionUs: TimeUs;
}

export function newCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  nowUs: TimeUs,
): Condition {
  return { type, status, reason, message, lastUpdateUs: nowUs, lastTransitionUs: nowUs };
}

export function getCondition(list: readonly Condition[], type: string): Condition | undefined {
  return list.find((c) => c.type === type);
}

export function removeCondition(list: readonly Condition[], type: string): Condition[] {
  return list.filter((c) => c.type !== type);
}

/**
 * SetDeploymentCondition / SetCondition (deployment/util, replicaset/replica_set_utils.go): a condition
 * with the same status and reason as the current one changes nothing; a new reason with the same status
 * keeps lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(list: readonly Condition[], c: Condition): readonly Condition[] {
  const cur = getCondition(list, c.type);
  if (cur !== undefined && cur.status === c.status && cur.reason === c.reason) return list;
  const next =
    cur !== undefined && cur.status === c.status ? { ...c, lastTransitionUs: cur.lastTransitionUs } : c;
  return [...removeCondition(list, c.type), next];
}

/** The conditions as the API stores them: timestamps in whole seconds. */
export function toApiConditions(list: readonly Condition[]): Condition[] {
  return list.map((c) => ({
    ...c,
    lastUpdateUs: apiTimeUs(c.lastUpdateUs),
    lastTransitionUs: apiTimeUs(c.lastTransitionUs),
  }));
}

export function sameConditions(a: readonly Condition[], b: readonly Condition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Condition;
    const y = b[i] as Condition;
    if (
      x.type !== y.type ||
      x.status !== y.status ||
      x.reason !== y.reason ||
      x.message !== y.message ||
      x.lastUpdateUs !== y.lastUpdateUs ||
      x.lastTransitionUs !== y.lastTransitionUs
    ) {
      return false;
    }
  }
  return true;
}

/** A condition that is new or whose status or reason changed: one events.csv row each. */
export interface ConditionRow {
  readonly reason: string;
  readonly detail: string;
}

/** What conditionRows reads of a condition (workload and HorizontalPodAutoscaler conditions alike). */
export type ConditionFields = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

export function conditionRows(
  before: readonly ConditionFields[],
  after: readonly ConditionFields[],
): ConditionRow[] {
  const out: ConditionRow[] = [];
  for (const c of after) {
    const prev = before.find((b) => b.type === c.type);
    if (prev !== undefined && prev.status === c.status && prev.reason === c.reason) continue;
    const text = `${c.type}=${c.status}`;
    out.push({ reason: c.reason, detail: c.message === '' ? text : `${text}: ${c.message}` });
  }
  return out;
}
