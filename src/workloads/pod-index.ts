// Pods indexed by their controller's uid (the informer index every workload controller keeps,
// controller.PodControllerRefIndex), with counters kept incrementally so that a controller's sync
// costs O(1) for counting and only scale-downs walk the owner's pods. "Active" is
// controller.IsPodActive: not Succeeded/Failed and no deletionTimestamp; "ready" is the PodReady
// condition. Ready-since times feed minReadySeconds (podutil.IsPodAvailable).

import { apiTimeUs, type TimeUs, US_PER_S } from '../engine/time.js';
import type { Pod } from '../model/types.js';

export class OwnedPods {
  /** Every live pod object owned (terminating and terminal included), in creation order. */
  readonly pods = new Set<Pod>();
  active = 0;
  activeReady = 0;
}

const ACTIVE = 1;
const READY = 2;

export function isPodActive(pod: Pod): boolean {
  return pod.deletionUs === null && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

/**
 * podutil.IsPodAvailable (pkg/api/v1/pod/util.go): ready, and with minReadySeconds the PodReady
 * condition's lastTransitionTime (whole seconds, as the API stores it) plus minReadySeconds strictly
 * before now.
 */
export function isPodAvailable(
  pod: Pick<Pod, 'ready' | 'readyTransitionUs'>,
  minReadySeconds: number,
  nowUs: TimeUs,
): boolean {
  if (!pod.ready) return false;
  if (minReadySeconds === 0) return true;
  const since = pod.readyTransitionUs;
  return since !== null && apiTimeUs(since) + minReadySeconds * US_PER_S < nowUs;
}

export class PodIndex {
  private readonly byOwner = new Map<string, OwnedPods>();
  private readonly flags = new Map<Pod, number>();
  /** The owner uid each indexed pod is filed under (it changes when a controller adopts or releases it). */
  private readonly filedUnder = new Map<Pod, string>();

  owned(ownerUid: string): OwnedPods | undefined {
    return this.byOwner.get(ownerUid);
  }

  /** Owned pods for `ownerUid`, creating the (empty) entry. */
  ownedOrEmpty(ownerUid: string): OwnedPods {
    let o = this.byOwner.get(ownerUid);
    if (o === undefined) {
      o = new OwnedPods();
      this.byOwner.set(ownerUid, o);
    }
    return o;
  }

  /** When a ready pod became ready (PodReady lastTransitionTime); undefined for a pod not ready. */
  readySince(pod: Pod): TimeUs | undefined {
    return pod.ready ? (pod.readyTransitionUs ?? undefined) : undefined;
  }

  added(pod: Pod): void {
    if (pod.owner === null) return;
    const o = this.ownedOrEmpty(pod.owner.uid);
    o.pods.add(pod);
    this.flags.set(pod, 0);
    this.filedUnder.set(pod, pod.owner.uid);
    this.updated(pod);
  }

  updated(pod: Pod): void {
    if (pod.owner === null) return;
    const o = this.byOwner.get(pod.owner.uid);
    const before = this.flags.get(pod);
    if (o === undefined || before === undefined) return;
    const active = isPodActive(pod);
    const after = (active ? ACTIVE : 0) | (active && pod.ready ? READY : 0);
    if (after === before) return;
    o.active += (after & ACTIVE) - (before & ACTIVE);
    o.activeReady += ((after & READY) - (before & READY)) / READY;
    this.flags.set(pod, after);
  }

  removed(pod: Pod): void {
    if (pod.owner !== null) this.removeFrom(pod, pod.owner.uid);
  }

  /**
   * The pod's controller reference changed (adopted or released): it leaves the entry of the owner it
   * was filed under and joins its new owner's.
   */
  reowned(pod: Pod): void {
    const previous = this.filedUnder.get(pod);
    if (previous !== undefined) this.removeFrom(pod, previous);
    this.added(pod);
  }

  private removeFrom(pod: Pod, ownerUid: string): void {
    const o = this.byOwner.get(ownerUid);
    const before = this.flags.get(pod);
    if (o === undefined || before === undefined) return;
    o.active -= before & ACTIVE;
    o.activeReady -= (before & READY) / READY;
    o.pods.delete(pod);
    this.flags.delete(pod);
    this.filedUnder.delete(pod);
  }

  /** Drops an owner's entry once the owner is gone and owns nothing. */
  forgetOwner(ownerUid: string): void {
    const o = this.byOwner.get(ownerUid);
    if (o !== undefined && o.pods.size === 0) this.byOwner.delete(ownerUid);
  }
}
