// The expectations hooks every pod-owning controller adapter shares (pkg/controller/controller_utils.go
// ControllerExpectations; each controller's addPod / deletePod handlers lower only the expectations of
// the controller that owns the pod): abandoned creations lower the add expectation, abandoned deletes do
// not, and podAdded / podDeletionStarted count only pods whose controller is of the adapter's own kind.

import { expect } from 'vitest';
import type { ControllerExpectations } from '../../src/controllers/expectations.js';
import type { OwnerReference, Pod } from '../../src/model/types.js';

export interface ExpectationHooks<Action> {
  readonly expectations: ControllerExpectations;
  abandoned(actions: readonly Action[]): void;
  podAdded(pod: Pod): void;
  podDeletionStarted(pod: Pod): void;
}

export interface ExpectationHooksCase<Action> {
  /** The adapter's expectations key of the owner (namespace/name). */
  key: string;
  nowUs: number;
  /** A pod the owner controls (its owner reference names the owner, of the adapter's kind). */
  pod: Pod;
  /** An abandoned delete and an abandoned create of that owner. */
  abandonedDelete: Action;
  abandonedCreate: Action;
  /** A controller kind other than the adapter's own. */
  otherKind: OwnerReference['kind'];
}

export function checkExpectationHooks<Action>(
  c: ExpectationHooks<Action>,
  t: ExpectationHooksCase<Action>,
): void {
  const { key, nowUs, pod } = t;
  if (pod.owner === null) throw new Error('checkExpectationHooks: the pod needs an owner');
  const e = c.expectations;
  e.expect(key, 1, 0, nowUs);
  c.abandoned([t.abandonedDelete]);
  expect(e.satisfied(key, nowUs), 'an abandoned delete lowers no add expectation').toBe(false);
  c.abandoned([t.abandonedCreate]);
  expect(e.satisfied(key, nowUs), 'an abandoned create lowers the add expectation').toBe(true);

  const orphan = { ...pod, owner: null };
  const otherOwned = { ...pod, owner: { ...pod.owner, kind: t.otherKind } };
  e.expect(key, 1, 1, nowUs);
  for (const p of [orphan, otherOwned]) {
    c.podAdded(p);
    c.podDeletionStarted(p);
  }
  expect(e.satisfied(key, nowUs), 'pods of no or another controller kind count for nothing').toBe(false);
  c.podAdded(pod);
  expect(e.satisfied(key, nowUs), 'one add seen, the delete still expected').toBe(false);
  c.podDeletionStarted(pod);
  expect(e.satisfied(key, nowUs), 'the add and the delete seen').toBe(true);
}
