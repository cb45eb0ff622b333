// VOPR-style properties of the scheduler over random small clusters (fast-check, fixed seed): the cycle
// never binds a pod where a filter would reject it (resources, pod slots, taints, nodeSelector,
// required anti-affinity), and DoNotSchedule topology spread never ends above maxSkew.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/index.js';
import type { Pod } from '../../src/model/types.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { toleratedByAny } from '../../src/scheduler/helpers/taints.js';
import { node, pod, scenarioText } from '../../src/scheduler/testing/fixtures.js';

const zones = ['a', 'b', 'c'];

const nodeArb = fc.record({
  cpu: fc.integer({ min: 1, max: 8 }),
  memGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 1, max: 10 }),
  zone: fc.constantFrom(...zones),
  tainted: fc.boolean(),
  ssd: fc.boolean(),
});

const podArb = fc.record({
  cpuM: fc.integer({ min: 0, max: 4000 }),
  memMi: fc.integer({ min: 0, max: 4096 }),
  tolerates: fc.boolean(),
  wantsSsd: fc.boolean(),
  app: fc.constantFrom('x', 'y'),
  antiSameApp: fc.boolean(),
  priority: fc.integer({ min: 0, max: 2 }),
});

type NodeGen = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;
type PodGen = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function run(nodes: NodeGen[], pods: PodGen[], seed: number) {
  const text = scenarioText({
    nodes: nodes.map((n, i) =>
      node(`n${i}`, {
        cpu: String(n.cpu),
        memory: `${n.memGi}Gi`,
        pods: n.pods,
        labels: { zone: n.zone, ...(n.ssd ? { disk: 'ssd' } : {}) },
        taints: n.tainted ? [{ key: 'team', value: 'ml', effect: 'NoSchedule' }] : [],
      }),
    ),
    pods: [
      // Priorities through PriorityClasses, as the Priority admission plugin resolves them.
      ...[0, 100, 200].map((value) => ({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: `prio-${value}` },
        value,
      })),
      ...pods.map((p, i) =>
        pod(`p${i}`, {
          labels: { app: p.app },
          requests: [{ cpu: `${p.cpuM}m`, memory: `${p.memMi}Mi` }],
          spec: {
            priorityClassName: `prio-${p.priority * 100}`,
            ...(p.tolerates ? { tolerations: [{ key: 'team', operator: 'Exists' }] } : {}),
            ...(p.wantsSsd ? { nodeSelector: { disk: 'ssd' } } : {}),
            ...(p.antiSameApp
              ? {
                  affinity: {
                    podAntiAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: [
                        {
                          labelSelector: { matchLabels: { app: p.app } },
                          topologyKey: 'kubernetes.io/hostname',
                        },
                      ],
                    },
                  },
                }
              : {}),
          },
        }),
      ),
    ],
    duration: '2m',
  });
  return runSimulation(loadScenarioText(text).scenario, { seed });
}

describe('scheduler properties', () => {
  it('never binds a pod to a node that fails a filter', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 6 }),
        fc.array(podArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 1000 }),
        (nodes, pods, seed) => {
          const { sim } = run(nodes, pods, seed);
          for (const n of sim.state.nodes) {
            const bound = [...n.pods];
            const cpu = bound.reduce((s, p) => s + p.requests.milliCPU, 0);
            const mem = bound.reduce((s, p) => s + p.requests.memory, 0);
            expect(cpu).toBeLessThanOrEqual(n.allocatable.milliCPU);
            expect(mem).toBeLessThanOrEqual(n.allocatable.memory);
            expect(bound.length).toBeLessThanOrEqual(n.allocatable.allowedPodNumber);
            for (const p of bound) {
              for (const t of n.taints)
                if (t.effect !== 'PreferNoSchedule') expect(toleratedByAny(p.spec.tolerations, t)).toBe(true);
              for (const [k, v] of Object.entries(p.spec.nodeSelector)) expect(n.labels[k]).toBe(v);
              if (p.spec.affinity?.podAntiAffinity) {
                const clash = bound.filter((o: Pod) => o !== p && o.labels.app === p.labels.app);
                expect(clash).toEqual([]);
              }
            }
          }
        },
      ),
      { seed: 4242, numRuns: 40 },
    );
  });

  it('DoNotSchedule topology spread never exceeds maxSkew', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 2 }),
        fc.constantFrom('zone', 'kubernetes.io/hostname'),
        fc.integer({ min: 1, max: 1000 }),
        (nodes, count, maxSkew, key, seed) => {
          const text = scenarioText({
            nodes: nodes.map((n, i) =>
              node(`n${i}`, {
                cpu: String(n.cpu),
                memory: `${n.memGi}Gi`,
                pods: n.pods,
                labels: { zone: n.zone },
              }),
            ),
            pods: Array.from({ length: count }, (_, i) =>
              pod(`s${i}`, {
                labels: { app: 'spread' },
                requests: [{ cpu: '500m', memory: '256Mi' }],
                spec: {
                  topologySpreadConstraints: [
                    {
                      maxSkew,
                      topologyKey: key,
                      whenUnsatisfiable: 'DoNotSchedule',
                      labelSelector: { matchLabels: { app: 'spread' } },
                    },
                  ],
                },
              }),
            ),
            duration: '2m',
          });
          const { sim } = runSimulation(loadScenarioText(text).scenario, { seed });
          const counts = new Map<string, number>();
          for (const n of sim.state.nodes) {
            const domain = key === 'zone' ? (n.labels.zone as string) : n.name;
            counts.set(
              domain,
              (counts.get(domain) ?? 0) + [...n.pods].filter((p) => p.labels.app === 'spread').length,
            );
          }
          const values = [...counts.values()];
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(maxSkew);
        },
      ),
      { seed: 777, numRuns: 40 },
    );
  });
});
