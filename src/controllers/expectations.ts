// ControllerExpectations (pkg/controller/controller_utils.go): before a sync issues creations or
// deletions it records how many it expects to see; informer events lower the counts; a controller only
// decides again once they are met (or have expired after 5 minutes, ExpectationsTimeout). This is what
// stops a controller from creating the same replicas twice while its own writes are still in flight.

import type { TimeUs } from '../engine/time.js';

export const EXPECTATIONS_TIMEOUT_US = 5 * 60 * 1_000_000;

interface Expectation {
  add: number;
  del: number;
  setUs: TimeUs;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  satisfied(key: string, nowUs: TimeUs): boolean {
    const e = this.byKey.get(key);
    if (e === undefined) return true;
    return (e.add <= 0 && e.del <= 0) || nowUs - e.setUs > EXPECTATIONS_TIMEOUT_US;
  }

  expect(key: string, add: number, del: number, nowUs: TimeUs): void {
    this.byKey.set(key, { add, del, setUs: nowUs });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e !== undefined) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e !== undefined) e.del--;
  }

  /** A creation that failed will never be observed (the controller lowers its expectation). */
  creationSkipped(key: string): void {
    this.creationObserved(key);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
