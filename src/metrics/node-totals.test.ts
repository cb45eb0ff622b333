import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePod } from '../model/factory.js';
import { buildScenario } from '../scenario/build.js';
import { loadScenarioText } from '../scenario/load.js';
import type { Sim } from '../sim/assemble.js';
import { createSim } from '../sim/setup.js';

/** What timeseries.csv used to compute with a full pass over the nodes. */
function fullPass(sim: Sim) {
  let ready = 0;
  let unknown = 0;
  let cpuReq = 0;
  let cpuAlloc = 0;
  let memReq = 0;
  let memAlloc = 0;
  for (const node of sim.state.nodes) {
    const status = node.conditions.get('Ready')?.status;
    if (status === 'True') {
      ready++;
      cpuReq += node.requested.milliCPU;
      cpuAlloc += node.allocatable.milliCPU;
      memReq += node.requested.memory;
      memAlloc += node.allocatable.memory;
    } else if (status === 'Unknown') unknown++;
  }
  return { ready, unknown, cpuReq, cpuAlloc, memReq, memAlloc };
}

function fromSample(sim: Sim) {
  const s = sim.metrics.measure();
  return {
    ready: s.nodesReady,
    unknown: s.nodesUnknown,
    ratios: [s.cpuRequestedRatio, s.memoryRequestedRatio],
  };
}

const opArb = fc.oneof(
  fc.record({
    op: fc.constant('condition' as const),
    node: fc.nat(),
    status: fc.constantFrom('True', 'False', 'Unknown'),
  }),
  fc.record({ op: fc.constant('bind' as const), node: fc.nat(), cpu: fc.integer({ min: 0, max: 4000 }) }),
  fc.record({ op: fc.constant('assume' as const), node: fc.nat() }),
  fc.record({ op: fc.constant('bindAssumed' as const), pod: fc.nat(), node: fc.nat() }),
  fc.record({ op: fc.constant('finish' as const), pod: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), pod: fc.nat() }),
  fc.record({ op: fc.constant('deleteNode' as const), node: fc.nat() }),
  fc.record({ op: fc.constant('addNodes' as const), count: fc.integer({ min: 1, max: 3 }) }),
);

describe('NodeTotals', () => {
  it('equals a full pass over the nodes after any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { scenario } = loadScenarioText(`apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: totals}
spec:
  duration: 1m
  cluster:
    nodePools:
      - {name: node, count: 6, zones: [zone-a, zone-b], capacity: {cpu: "8", memory: 32Gi}}
`);
        const built = buildScenario(scenario);
        const sim = createSim(built);
        for (const n of sim.state.nodes) sim.state.setNodeCondition(n, 'Ready', 'True', 'Test');
        let podCount = 0;
        const pick = <T>(list: readonly T[], k: number): T | undefined =>
          list.length === 0 ? undefined : list[k % list.length];
        for (const o of ops) {
          const nodes = sim.state.nodes;
          const pods = [...sim.state.pods];
          if (o.op === 'condition') {
            const n = pick(nodes, o.node);
            if (n) sim.state.setNodeCondition(n, 'Ready', o.status, 'Test');
          } else if (o.op === 'bind' || o.op === 'assume') {
            const n = pick(nodes, o.node);
            if (!n) continue;
            const pod = makePod({
              idx: sim.state.allocatePodIdx(),
              namespace: 'default',
              name: `p${podCount++}`,
              labels: {},
              annotations: {},
              owner: null,
              spec: {
                containers: [
                  { name: 'c', resources: { requests: { cpu: 'cpu' in o ? o.cpu : 100, memory: 1 << 20 } } },
                ],
              },
              createdUs: 0,
              admission: built.config.admission,
              priorityClasses: built.priorityClasses,
            });
            sim.state.createPod(pod);
            if (o.op === 'bind') sim.state.bindPod(pod, n);
            else sim.state.assumePod(pod, n);
          } else if (o.op === 'bindAssumed') {
            // The binding may go to another node than the assumed one (forget, then bind).
            const p = pick(
              pods.filter((x) => x.nodeName === null && x.assumedNode !== null),
              o.pod,
            );
            const n = pick(nodes, o.node);
            if (p && n) sim.state.bindPod(p, n);
          } else if (o.op === 'finish') {
            const p = pick(pods, o.pod);
            if (p) sim.state.setPodPhase(p, 'Succeeded');
          } else if (o.op === 'remove') {
            const p = pick(pods, o.pod);
            if (p) sim.state.removePod(p);
          } else if (o.op === 'deleteNode') {
            const n = pick(nodes, o.node);
            if (n) sim.state.deleteNode(n);
          } else {
            sim.nodePools.addNodes('node', o.count);
            for (const n of sim.state.nodes)
              if (!n.conditions.has('Ready')) sim.state.setNodeCondition(n, 'Ready', 'True', 'Test');
          }
          const want = fullPass(sim);
          const got = fromSample(sim);
          expect(got.ready).toBe(want.ready);
          expect(got.unknown).toBe(want.unknown);
          expect(got.ratios).toEqual([
            want.cpuAlloc > 0 ? want.cpuReq / want.cpuAlloc : 0,
            want.memAlloc > 0 ? want.memReq / want.memAlloc : 0,
          ]);
        }
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});
