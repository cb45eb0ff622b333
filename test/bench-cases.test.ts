// The benchmark scenarios mean what bench/README.md says they mean (they are run by `kubesim bench`).
import { describe, expect, it } from 'vitest';
import { b1, b2, b3 } from '../bench/cases.js';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { createSim } from '../src/sim/setup.js';
import { makeDispatch } from '../src/sim/wiring.js';

function start(yaml: string) {
  const built = buildScenario(loadScenarioText(yaml, 'bench.yaml').scenario);
  const sim = createSim(built);
  const dispatch = makeDispatch(sim);
  const runTo = (untilUs: number) => sim.engine.run({ untilUs, maxEvents: 1e9 }, dispatch);
  return { sim, runTo, durationUs: built.config.durationUs };
}

describe('bench cases', () => {
  it('B3: the zone fails under a fully placed, running cluster, then evicts and replaces pods', () => {
    const c = b3({ nodes: 60, pods: 600 });
    const faultMin = Number(/zone-a fails at (\d+)m/.exec(c.description)?.[1]);
    expect(faultMin).toBe(Math.ceil(600 / 50 / 60) + 5);
    const { sim, runTo, durationUs } = start(c.yaml);
    runTo(faultMin * 60e6 - 1);
    expect(sim.state.podBuckets.running).toBe(600);
    expect(sim.state.podBuckets.pending).toBe(0);
    runTo(durationUs);
    expect(sim.nowUs).toBe(durationUs);
    expect(sim.state.counters.evictions).toBeGreaterThan(0);
    // Every evicted pod was replaced by its ReplicaSet and the replacement bound.
    expect(sim.state.counters.podsScheduled).toBe(600 + sim.state.counters.evictions);
  });

  it('B2 sizes the burst from the pod count; B1 has no pods', () => {
    expect(b2({ nodes: 100, pods: 3000 })).toMatchObject({ pods: 3000, stopWhenScheduled: 3000 });
    expect(b2({ pct: 100 }).yaml).toContain('percentageOfNodesToScore: 100');
    expect(b1({ nodes: 10 })).toMatchObject({ nodes: 10, pods: 0 });
  });
});
