// Controller references (pkg/controller/controller_ref_manager.go PodControllerRefManager.ClaimPods,
// BaseControllerRefManager.ClaimObject): which of the listed pods a controller keeps, adopts or
// releases. A pod whose controller ownerReference names another object is left alone. One that names
// this controller is kept while the selector matches it, else released (ownerReference removed),
// unless the controller is being deleted. An orphan (no controller reference) of the controller's
// namespace that the selector matches is adopted (ownerReference added with controller: true),
// unless the controller or the pod is being deleted. Adopted and kept pods are "claimed": the pods
// the controller counts in this sync. canAdopt (RecheckDeletionTimestamp, a fresh GET of the
// controller) is the caller's, at the time of the PATCH.

import { matchesSelector } from '../model/label-selector.js';
import type { LabelSelector } from '../model/types.js';

export interface ClaimablePod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The controller ownerReference's uid, or null for an orphan. */
  readonly ownerUid: string | null;
  readonly deleting: boolean;
}

export interface ClaimingController {
  readonly uid: string;
  /** '' for a cluster-scoped controller: it claims pods of any namespace. */
  readonly namespace: string;
  readonly selector: LabelSelector;
  readonly deleting: boolean;
}

export interface ClaimResult<P> {
  /** Pods the controller counts: kept (already its own and matching) and adopted, in list order. */
  readonly claimed: P[];
  /** Orphans to PATCH with the controller's ownerReference. */
  readonly adopt: P[];
  /** Own pods the selector no longer matches, to PATCH without the ownerReference. */
  readonly release: P[];
}

export function claimPods<P extends ClaimablePod>(c: ClaimingController, pods: Iterable<P>): ClaimResult<P> {
  const claimed: P[] = [];
  const adopt: P[] = [];
  const release: P[] = [];
  for (const pod of pods) {
    const matches = matchesSelector(pod.labels, c.selector);
    if (pod.ownerUid !== null) {
      if (pod.ownerUid !== c.uid) continue;
      if (matches) claimed.push(pod);
      else if (!c.deleting) release.push(pod);
      continue;
    }
    if (c.deleting || !matches || pod.deleting) continue;
    if (c.namespace !== '' && pod.namespace !== c.namespace) continue;
    adopt.push(pod);
    claimed.push(pod);
  }
  return { claimed, adopt, release };
}
