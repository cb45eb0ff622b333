// The DisruptionBudgets read port: what other components (the cluster-autoscaler's scale-down) may
// ask about PodDisruptionBudgets, as cluster-autoscaler core/scaledown/pdb RemainingPdbTracker does it:
// a copy of every budget taken once per autoscaler loop (SetPdbs), the budgets selecting a pod
// (policy/v1 matching: absent selector nothing, empty selector the whole namespace), CanRemovePods and
// RemovePods, which takes one disruption off each selecting budget per removed pod (basic.go, with no
// exception for pods already in disruptedPods).

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import { type PodDisruptionBudget, pdbSelects } from './pdb.js';

/** A budget as the tracker exposes it: its name and the disruptions it still allows in this loop. */
export interface BudgetView {
  readonly name: string;
  readonly disruptionsAllowed: number;
}

/** The port (the autoscaler's drainability reads it through `matching` and `remove`). */
export interface DisruptionBudgets {
  matching(pod: Pod): readonly BudgetView[];
  /** Takes the pods' disruptions off their budgets (simulated removals in one loop). */
  remove(pods: readonly Pod[]): void;
}

interface Tracked {
  readonly pdb: PodDisruptionBudget;
  allowed: number;
}

/** basicRemainingPdbTracker over budgets given by SetPdbs. */
export class RemainingPdbTracker implements DisruptionBudgets {
  private tracked: Tracked[] = [];

  setPdbs(pdbs: Iterable<PodDisruptionBudget>): void {
    this.tracked = [...pdbs].map((pdb) => ({ pdb, allowed: pdb.status.disruptionsAllowed }));
  }

  matching(pod: Pod): BudgetView[] {
    return this.selecting(pod).map((t) => ({ name: t.pdb.name, disruptionsAllowed: t.allowed }));
  }

  /**
   * CanRemovePods: false with the first pod of a budget that allows no disruption; inParallel false
   * (blocking: the last pod over) when a budget allows fewer disruptions than the pods it selects.
   */
  canRemovePods(pods: readonly Pod[]): { canRemove: boolean; inParallel: boolean; blockingPod: Pod | null } {
    let inParallel = true;
    let blockingPod: Pod | null = null;
    for (const t of this.tracked) {
      let count = 0;
      for (const pod of pods) {
        if (!pdbSelects(t.pdb, pod)) continue;
        count++;
        if (t.allowed < 1) return { canRemove: false, inParallel: false, blockingPod: pod };
        if (t.allowed < count) {
          inParallel = false;
          blockingPod = pod;
        }
      }
    }
    return { canRemove: true, inParallel, blockingPod };
  }

  remove(pods: readonly Pod[]): void {
    for (const t of this.tracked) for (const pod of pods) if (pdbSelects(t.pdb, pod)) t.allowed--;
  }

  private selecting(pod: Pod): Tracked[] {
    return this.tracked.filter((t) => pdbSelects(t.pdb, pod));
  }
}

/**
 * The tracker over the live store: it re-reads every budget (SetPdbs) the first time it is asked at a
 * new instant, so one autoscaler loop (one instant) sees one snapshot and its own removals.
 */
export class LivePdbTracker implements DisruptionBudgets {
  private readonly tracker = new RemainingPdbTracker();
  private atUs: TimeUs = Number.NaN;

  constructor(
    private readonly clock: { readonly nowUs: TimeUs },
    private readonly budgets: () => Iterable<PodDisruptionBudget>,
  ) {}

  private fresh(): RemainingPdbTracker {
    if (this.clock.nowUs !== this.atUs) {
      this.atUs = this.clock.nowUs;
      this.tracker.setPdbs(this.budgets());
    }
    return this.tracker;
  }

  matching(pod: Pod): readonly BudgetView[] {
    return this.fresh().matching(pod);
  }

  remove(pods: readonly Pod[]): void {
    this.fresh().remove(pods);
  }

  canRemovePods(pods: readonly Pod[]): ReturnType<RemainingPdbTracker['canRemovePods']> {
    return this.fresh().canRemovePods(pods);
  }
}
