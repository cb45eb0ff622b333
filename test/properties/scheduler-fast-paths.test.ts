// The scheduler's fast paths (NodeTable columns, batched filters, scoreInto, per-node memos, the
// chunked search) against its reference forms (Filter and Score node by node over NodeInfo objects,
// Framework.plainPaths): over random clusters and workloads, whole simulations must place every pod on
// the same node at the same instant and leave the same trace digest. Operations change nodes mid-run
// (cordon, drain, new nodes, deleted nodes, scaling) so memos and the change log are exercised too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { scenarioText } from '../../src/scheduler/testing/fixtures.js';
import { makeDispatch } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';

const poolArb = fc.record({
  count: fc.integer({ min: 3, max: 45 }),
  cpu: fc.constantFrom('2', '4', '8'),
  memGi: fc.constantFrom(4, 8, 16),
  pods: fc.integer({ min: 3, max: 30 }),
  taint: fc.constantFrom('none', 'none', 'NoSchedule', 'PreferNoSchedule'),
});

const workloadArb = fc.record({
  replicas: fc.integer({ min: 1, max: 40 }),
  cpu: fc.constantFrom('', '100m', '250m', '500m', '1', '3'),
  mem: fc.constantFrom('', '128Mi', '512Mi', '1Gi', '3Gi'),
  tolerate: fc.boolean(),
  spread: fc.constantFrom('none', 'none', 'zoneHard', 'hostSoft'),
  anti: fc.boolean(),
  priority: fc.constantFrom(0, 0, 100),
});

type Pool = typeof poolArb extends fc.Arbitrary<infer T> ? T : never;
type Workload = typeof workloadArb extends fc.Arbitrary<infer T> ? T : never;

function deployment(w: Workload, i: number): object {
  const app = `w${i}`;
  const requests: Record<string, string> = {};
  if (w.cpu) requests.cpu = w.cpu;
  if (w.mem) requests.memory = w.mem;
  const spec: Record<string, unknown> = {
    priority: w.priority,
    containers: [
      {
        name: 'c',
        image: 'registry.k8s.io/pause:3.10',
        ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}),
      },
    ],
  };
  if (w.tolerate) spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  if (w.spread !== 'none') {
    spec.topologySpreadConstraints = [
      w.spread === 'zoneHard'
        ? { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }
        : { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
    ].map((c) => ({ ...c, labelSelector: { matchLabels: { app } } }));
  }
  if (w.anti) {
    spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec },
    },
  };
}

function scenario(pools: Pool[], workloads: Workload[], pct: number, preset: string, tieBreak: string) {
  const text = JSON.parse(
    scenarioText({
      nodes: [],
      nodePools: pools.map((p, i) => ({
        name: `p${i}`,
        count: p.count,
        zones: ['zone-a', 'zone-b', 'zone-c'],
        capacity: { cpu: p.cpu, memory: `${p.memGi}Gi`, pods: p.pods },
        taints: p.taint === 'none' ? [] : [{ key: 'dedicated', value: 'x', effect: p.taint }],
      })),
      pods: workloads.map(deployment),
      scheduler: {
        percentageOfNodesToScore: pct,
        tieBreak,
        profiles: [{ schedulerName: 'default-scheduler', preset }],
      },
      duration: '90s',
    }),
  );
  text.spec.controllerManager = { apiRateLimits: false };
  text.spec.operations = [
    { at: '10s', action: 'cordon', node: 'p0-a-01' },
    { at: '20s', action: 'scale', target: 'Deployment/w0', replicas: 60 },
    { at: '30s', action: 'add-nodes', pool: 'p0', count: 4 },
    { at: '40s', action: 'drain', node: 'p0-b-01' },
    { at: '50s', action: 'delete-node', node: 'p0-c-01' },
    { at: '60s', action: 'uncordon', node: 'p0-a-01' },
  ];
  return buildScenario(loadScenarioText(JSON.stringify(text)).scenario);
}

function run(built: ReturnType<typeof scenario>, plain: boolean) {
  const sim = createSim(built);
  for (const fw of sim.scheduler.frameworks.values()) fw.plainPaths = plain;
  // FailedScheduling messages carry the per-node filter statuses (the fast paths build them differently).
  const failures: string[] = [];
  sim.log.onRow((r) => {
    if (r.reason === 'FailedScheduling') failures.push(`${r.timeUs} ${r.object} ${r.detail}`);
  });
  sim.engine.run({ untilUs: built.config.durationUs, maxEvents: built.config.maxEvents }, makeDispatch(sim));
  const placements = sim.state.podHistory.map((p) => `${p.key}>${p.nodeName ?? '-'}@${p.scheduledUs ?? '-'}`);
  return { digest: sim.trace.digest, placements, failures, attempts: sim.state.counters.schedulingAttempts };
}

describe('scheduler fast paths', () => {
  it('place every pod exactly as the node-by-node reference forms do', () => {
    fc.assert(
      fc.property(
        fc.array(poolArb, { minLength: 1, maxLength: 3 }),
        fc.array(workloadArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(0, 0, 10, 50, 100),
        fc.constantFrom('default', 'default', 'bin-packing', 'spread'),
        fc.constantFrom('random', 'random', 'first'),
        (pools, workloads, pct, preset, tieBreak) => {
          const built = scenario(pools, workloads, pct, preset, tieBreak);
          const fast = run(built, false);
          const plain = run(built, true);
          expect(fast.attempts).toBe(plain.attempts);
          expect(fast.placements).toEqual(plain.placements);
          expect(fast.failures).toEqual(plain.failures);
          expect(fast.digest).toBe(plain.digest);
        },
      ),
      { seed: 2024, numRuns: 40 },
    );
  });
});
