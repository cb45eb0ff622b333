// The Eviction API (pods/eviction, pkg/registry/core/pod/storage/eviction.go EvictionREST.Create):
//   1. a pod that is Pending, Succeeded, Failed or already deleting is deleted without looking at
//      budgets (canIgnorePDB);
//   2. the budgets are those of the pod's namespace whose selector matches the pod (getPodDisruptionBudgets):
//      an absent selector matches nothing; an empty one matches every pod, as in the controller, since
//      kubernetes#119732 (1.29, backported to 1.28.3) and nothing before (1.27 here); more than one
//      budget selecting the pod: 500 "This pod has more than one PodDisruptionBudget,
//      which the eviction subresource does not support.";
//   3. an unready pod (IsPodReady false) is deleted without a decrement when its budget says
//      unhealthyPodEvictionPolicy: AlwaysAllow, or (IfHealthyBudget, the default) when the budget is
//      healthy: currentHealthy >= desiredHealthy > 0;
//   4. otherwise checkAndDecrement: 429 while the controller has not seen the budget's generation
//      ("still being processed"), 403 when disruptionsAllowed < 0 or disruptedPods holds more than
//      2000 entries, 429 "Cannot evict pod as it would violate the pod's disruption budget." when
//      disruptionsAllowed is 0, with the cause "The disruption budget <name> needs <desired> healthy
//      pods and has <current> currently" (from 1.35 the cause depends on the DisruptionAllowed
//      condition first: disruptionDeniedMessage, kubernetes#133097); else disruptionsAllowed - 1 (DisruptionAllowed condition updated
//      when it reaches 0) and disruptedPods[pod] = now, written with UpdateStatus;
//   5. addConditionAndDeletePod: DisruptionTarget=True (reason EvictionByEvictionAPI, "Eviction API:
//      evicting") when the PodDisruptionConditions gate is on, then a graceful DELETE with the
//      eviction's gracePeriodSeconds (0 removes the object at once).
// The API answers at once (no server latency); callers bring their own client rate limits.

import { apiTimeUs } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/types.js';
import { isEmptySelector, matchesSelector } from './labels.js';
import {
  disruptionAllowedCondition,
  MAX_DISRUPTED_POD_SIZE,
  type PdbStatus,
  type PodDisruptionBudget,
  withDisruptionAllowedCondition,
} from './pdb.js';
import type { PdbStore } from './pdb-store.js';

export const TOO_MANY_REQUESTS_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_PDBS_MESSAGE =
  'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/** The metav1.Status reason of a refused eviction (404 NotFound, 429, 500, 403). */
export type EvictionFailureReason = 'NotFound' | 'TooManyRequests' | 'InternalError' | 'Forbidden';

export type EvictionDecision =
  | {
      readonly kind: 'delete';
      /** The budget to decrement first (checkAndDecrement), or null. */
      readonly decrement: PodDisruptionBudget | null;
    }
  | {
      readonly kind: 'refuse';
      readonly code: 429 | 500 | 403;
      readonly reason: Exclude<EvictionFailureReason, 'NotFound'>;
      readonly message: string;
      /** The DisruptionBudget status cause, when upstream attaches one. */
      readonly cause: string | null;
      readonly pdb: string | null;
    };

const DELETE: EvictionDecision = { kind: 'delete', decrement: null };

/** canIgnorePDB */
export function canIgnorePdb(pod: Pod): boolean {
  return (
    pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Pending' || pod.deletionUs !== null
  );
}

function refuse(
  code: 429 | 500 | 403,
  message: string,
  cause: string | null,
  pdb: string | null,
): EvictionDecision {
  const reason = code === 429 ? 'TooManyRequests' : code === 500 ? 'InternalError' : 'Forbidden';
  return { kind: 'refuse', code, reason, message, cause, pdb };
}

function forbidden(pdb: PodDisruptionBudget, why: string): EvictionDecision {
  return refuse(403, `poddisruptionbudget.policy "${pdb.name}" is forbidden: ${why}`, null, pdb.name);
}

/**
 * getPodDisruptionBudgets' rule: same namespace; an absent selector matches nothing; an empty one
 * everything when `emptySelectsAll` (kubernetes#119732), else nothing ("If a PDB with a nil or empty
 * selector creeps in, it should match nothing").
 */
export function pdbSelectsForEviction(pdb: PodDisruptionBudget, pod: Pod, emptySelectsAll: boolean): boolean {
  const sel = pdb.spec.selector;
  if (sel === null || (!emptySelectsAll && isEmptySelector(sel))) return false;
  return pod.namespace === pdb.namespace && matchesSelector(pod.labels, sel);
}

/**
 * The cause of a 429 when disruptionsAllowed is 0. Up to 1.34 always the healthy counts; from 1.35
 * (pkg/registry/core/pod/storage/eviction.go disruptionDeniedMessage, kubernetes#133097) a failed sync
 * first (its counts are not trustworthy), then the counts when currentHealthy <= desiredHealthy, then
 * another False DisruptionAllowed condition with a message, else a bare sentence.
 */
export function disruptionDeniedCause(pdb: PodDisruptionBudget, byCondition: boolean): string {
  const s = pdb.status;
  const counts = `The disruption budget ${pdb.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`;
  if (!byCondition) return counts;
  const c = disruptionAllowedCondition(pdb);
  const falseWithMessage = c !== undefined && c.status === 'False' && c.message.length > 0;
  if (falseWithMessage && c.reason === 'SyncFailed')
    return `The disruption budget ${pdb.name} does not allow evicting pods currently because it failed sync: ${c.message}`;
  if (s.currentHealthy <= s.desiredHealthy) return counts;
  if (falseWithMessage)
    return `The disruption budget ${pdb.name} does not allow evicting pods currently (${c.reason}): ${c.message}`;
  return `The disruption budget ${pdb.name} does not allow evicting pods currently`;
}

export interface EvictionRules {
  /** PDBUnhealthyPodEvictionPolicy: honour spec.unhealthyPodEvictionPolicy (off, the API dropped it). */
  readonly unhealthyPodEvictionPolicy: boolean;
  /** 1.35+: the 429's cause follows the DisruptionAllowed condition (disruptionDeniedCause). */
  readonly deniedCauseByCondition: boolean;
}

/** The decision for a pod and the budgets that select it (pdbSelectsForEviction, in the namespace). */
export function decideEviction(
  pod: Pod,
  budgets: readonly PodDisruptionBudget[],
  rules: EvictionRules,
): EvictionDecision {
  if (canIgnorePdb(pod)) return DELETE;
  if (budgets.length > 1) return refuse(500, MULTIPLE_PDBS_MESSAGE, null, null);
  const pdb = budgets[0];
  if (pdb === undefined) return DELETE;
  const s = pdb.status;
  if (!pod.ready) {
    if (rules.unhealthyPodEvictionPolicy && pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow')
      return DELETE;
    if (s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) return DELETE;
  }
  if (s.observedGeneration < pdb.generation)
    return refuse(
      429,
      TOO_MANY_REQUESTS_MESSAGE,
      `The disruption budget ${pdb.name} is still being processed by the server.`,
      pdb.name,
    );
  if (s.disruptionsAllowed < 0) return forbidden(pdb, 'pdb disruptions allowed is negative');
  if (s.disruptedPods.size > MAX_DISRUPTED_POD_SIZE)
    return forbidden(pdb, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (s.disruptionsAllowed === 0)
    return refuse(
      429,
      TOO_MANY_REQUESTS_MESSAGE,
      disruptionDeniedCause(pdb, rules.deniedCauseByCondition),
      pdb.name,
    );
  return { kind: 'delete', decrement: pdb };
}

export interface EvictionSettings extends EvictionRules {
  /** PodDisruptionConditions: write the DisruptionTarget condition before the DELETE. */
  readonly podDisruptionConditions: boolean;
  /** 1.28+: an empty selector selects every pod of the namespace (pdbSelectsForEviction). */
  readonly emptySelectorSelectsAll: boolean;
}

export type EvictionResult =
  | { readonly ok: true; readonly pod: Pod }
  | {
      readonly ok: false;
      readonly code: 404 | 429 | 500 | 403;
      readonly reason: EvictionFailureReason;
      readonly message: string;
      readonly cause: string | null;
    };

/** The text of a refusal as events.csv shows it: code, message and cause. */
export function refusalText(r: Extract<EvictionResult, { ok: false }>): string {
  return `${r.code}: ${r.message}${r.cause === null ? '' : ` ${r.cause}`}`;
}

export class EvictionApi {
  /** Evictions granted (the pod's deletion started) and refused, by this API. */
  granted = 0;
  refused = 0;

  constructor(
    private readonly state: ClusterState,
    private readonly budgets: PdbStore,
    private readonly settings: EvictionSettings,
  ) {}

  /** Budgets selecting the pod (getPodDisruptionBudgets, pdbSelectsForEviction). */
  budgetsFor(pod: Pod): PodDisruptionBudget[] {
    const out: PodDisruptionBudget[] = [];
    for (const pdb of this.budgets.inNamespace(pod.namespace))
      if (pdbSelectsForEviction(pdb, pod, this.settings.emptySelectorSelectsAll)) out.push(pdb);
    return out;
  }

  /**
   * POST pods/<name>/eviction. `gracePeriodSeconds` is the eviction's DeleteOptions (null: the pod's
   * terminationGracePeriodSeconds); `detail` goes into the EvictionByEvictionAPI row.
   */
  evict(podKey: string, gracePeriodSeconds: number | null, detail: string): EvictionResult {
    const pod = this.state.pod(podKey);
    if (pod === undefined) {
      const name = podKey.slice(podKey.indexOf('/') + 1);
      return { ok: false, code: 404, reason: 'NotFound', message: `pods "${name}" not found`, cause: null };
    }
    const d = canIgnorePdb(pod) ? DELETE : decideEviction(pod, this.budgetsFor(pod), this.settings);
    if (d.kind === 'refuse') {
      this.refused++;
      const r = { ok: false as const, code: d.code, reason: d.reason, message: d.message, cause: d.cause };
      this.state.recordEvictionRefusal(pod, d.reason, refusalText(r));
      return r;
    }
    if (d.decrement !== null) this.decrement(d.decrement, pod);
    if (this.settings.podDisruptionConditions)
      this.state.setDisruptionTarget(pod, 'EvictionByEvictionAPI', 'Eviction API: evicting');
    if (this.state.markPodDeleting(pod, 'EvictionByEvictionAPI', detail, gracePeriodSeconds)) this.granted++;
    if (gracePeriodSeconds === 0 && this.state.pod(podKey) === pod) this.state.removePod(pod);
    return { ok: true, pod };
  }

  /** checkAndDecrement's write: one fewer disruption allowed, the pod recorded in disruptedPods. */
  private decrement(pdb: PodDisruptionBudget, pod: Pod): void {
    const now = this.state.nowUs;
    const s = pdb.status;
    const disruptedPods = new Map(s.disruptedPods);
    disruptedPods.set(pod.name, apiTimeUs(now));
    let status: PdbStatus = { ...s, disruptionsAllowed: s.disruptionsAllowed - 1, disruptedPods };
    if (status.disruptionsAllowed === 0) status = withDisruptionAllowedCondition(status, now);
    this.budgets.updateStatus(pdb, status, pdb.resourceVersion);
  }
}
