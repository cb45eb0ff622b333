// Runs a test Sim to a virtual time with the real components (scheduler, controllers, kubelets).

import type { Sim } from '../../src/sim/assemble.js';
import { makeDispatch } from '../../src/sim/assemble.js';

export function runUntil(sim: Sim, untilUs: number): void {
  sim.engine.run({ untilUs, maxEvents: sim.config.maxEvents }, makeDispatch(sim));
}
