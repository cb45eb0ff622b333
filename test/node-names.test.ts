// Generated node names do not depend on a pool's size (scenario/build.ts poolNodes): general-a-01 is
// the same node at 12 nodes and at 5000, so a scenario's faults and expectations survive a sweep over
// spec.cluster.nodePools[0].count. Numbers have two digits at least and registration is zone-major in
// numeric order.
import { describe, expect, it } from 'vitest';
import { poolNodes } from '../src/model/node-pools.js';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenario } from '../src/scenario/load.js';

const pool = (count: number) => ({
  name: 'general',
  count,
  zones: ['zone-a', 'zone-b', 'zone-c'],
  capacity: { cpu: '8', memory: '32Gi' },
});
const names = (count: number) => poolNodes(pool(count) as never, 0, count, () => 0).map((n) => n.name);

describe('node names', () => {
  it('are the same for the same node whatever the pool size', () => {
    const small = names(12);
    expect(small.slice(0, 4)).toEqual(['general-a-01', 'general-a-02', 'general-a-03', 'general-a-04']);
    for (const count of [300, 5000]) {
      const big = new Set(names(count));
      for (const n of small) expect(big.has(n)).toBe(true);
    }
    expect(names(300)).toContain('general-a-100');
    expect(names(300)).not.toContain('general-a-001');
  });

  it('register zone-major, numbers in numeric order (not string order) past 99', () => {
    const n = names(303); // 101 per zone
    expect(n.slice(98, 102)).toEqual(['general-a-99', 'general-a-100', 'general-a-101', 'general-b-01']);
  });

  it('nodes added later continue the numbering with the same width rule', () => {
    const added = poolNodes(pool(12) as never, 12, 3, () => 0).map((x) => x.name);
    expect(added).toEqual(['general-a-05', 'general-b-05', 'general-c-05']);
  });

  it('the quick start builds at 12, 300 and 5000 nodes with its fault on general-a-01', () => {
    for (const count of [12, 300, 5000]) {
      const loaded = loadScenario('scenarios/quickstart.yaml', {
        overrides: [`spec.cluster.nodePools[0].count=${count}`],
      });
      const built = buildScenario(loaded.scenario);
      expect(built.nodes).toHaveLength(count);
      expect(built.nodes.some((x) => x.name === 'general-a-01')).toBe(true);
    }
  });
});
