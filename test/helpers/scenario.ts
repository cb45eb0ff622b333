// Test helpers: build a Sim from scenario YAML text (the same loader and builder the CLI uses).

import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import type { Sim } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';

export function simFromYaml(text: string, file = 'test.yaml'): Sim {
  const loaded = loadScenarioText(text, file);
  return createSim(buildScenario(loaded.scenario), { keepEventRows: true });
}

export const S = 1_000_000;
