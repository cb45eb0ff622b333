// Runs an assembled simulation up to a time, for `kubesim explain` and tests that inspect the cluster
// at one instant (src/index.ts runs whole scenarios with outputs).

import type { TimeUs } from '../engine/time.js';
import { makeDispatch, type Sim } from './assemble.js';
import type { BuiltScenario } from './built.js';
import { createSim } from './setup.js';

/** Runs the scenario to `atUs` (0: after the initial objects are placed) and returns the Sim. */
export function simulateTo(built: BuiltScenario, atUs: TimeUs): Sim {
  const sim = createSim(built);
  const until = Math.min(atUs, built.config.durationUs);
  sim.engine.run({ untilUs: until, maxEvents: built.config.maxEvents }, makeDispatch(sim));
  return sim;
}
