// The scheduler cache's per-owner pod counts (issue 16: PodTopologySpread reads them every cycle, so they
// are kept up to date pod by pod instead of rebuilt): the sparse node map, the dense array of owners on
// many nodes and the per-domain counts of registered keys must equal a recount from the cluster state
// at every instant of a run that binds, deletes, drains, scales, rolls out and adds and deletes nodes.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { controllerUid, type SchedulerCache } from '../../src/scheduler/cache.js';
import { scenarioText } from '../../src/scheduler/testing/fixtures.js';
import { makeDispatch } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

function scenario(nodes: number, replicas: number) {
  const app = 'big';
  const text = JSON.parse(
    scenarioText({
      nodes: [],
      nodePools: [
        {
          name: 'p',
          count: nodes,
          zones: ['zone-a', 'zone-b', 'zone-c'],
          capacity: { cpu: '4', memory: '16Gi', pods: 20 },
        },
      ],
      pods: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: app },
          spec: {
            replicas,
            selector: { matchLabels: { app } },
            template: {
              metadata: { labels: { app } },
              spec: {
                containers: [
                  { name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1' } } },
                ],
                topologySpreadConstraints: [
                  { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
                  { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
                ].map((c) => ({ ...c, labelSelector: { matchLabels: { app } } })),
              },
            },
          },
        },
      ],
      duration: '150s',
    }),
  );
  text.spec.controllerManager = { apiRateLimits: false };
  text.spec.operations = [
    { at: '25s', action: 'scale', target: 'Deployment/big', replicas: Math.round(replicas / 2) },
    { at: '35s', action: 'drain', node: 'p-a-01' },
    { at: '45s', action: 'delete-node', node: 'p-b-02' },
    { at: '55s', action: 'add-nodes', pool: 'p', count: 40 },
    { at: '65s', action: 'scale', target: 'Deployment/big', replicas },
    { at: '95s', action: 'rollout-restart', target: 'Deployment/big' },
  ];
  return buildScenario(loadScenarioText(JSON.stringify(text)).scenario);
}

/** Non-terminating pods counted on each live node, by owner id then node idx, from the store. */
function recount(cache: SchedulerCache): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const ni of cache.nodes) {
    for (const pod of ni.node.pods as ReadonlySet<Pod>) {
      const uid = controllerUid(pod);
      if (uid === null || pod.deletionUs !== null || pod.assumedNode !== ni.name) continue;
      const id = cache.owners.id(uid);
      let m = out.get(id);
      if (m === undefined) {
        m = new Map<number, number>();
        out.set(id, m);
      }
      m.set(ni.node.idx, (m.get(ni.node.idx) ?? 0) + 1);
    }
  }
  return out;
}

function check(cache: SchedulerCache, owners: Set<number>): number {
  const want = recount(cache);
  for (const id of want.keys()) owners.add(id);
  let dense = 0;
  for (const id of owners) {
    const nodes = want.get(id) ?? new Map<number, number>();
    expect(new Map(cache.nodesOfOwner(id))).toEqual(nodes);
    // The dense array (kept from its first read on) equals the recount at every row.
    const size = cache.table.size;
    const d = cache.ownerCountsDense(id, size);
    if (d !== null) {
      dense++;
      for (let idx = 0; idx < size; idx++) expect(d[idx] ?? 0).toBe(nodes.get(idx) ?? 0);
    }
    const zone = cache.domainIndex(ZONE);
    const byZone = new Float64Array(zone.values.length);
    for (const [idx, c] of nodes) {
      const v = zone.ids[idx] as number;
      if (zone.present[idx] === 1) byZone[v] = (byZone[v] as number) + c;
    }
    const got = cache.ownerDomainCounts(id, ZONE);
    for (let v = 0; v < zone.values.length; v++) expect(got?.[v] ?? 0).toBe(byZone[v]);
  }
  return dense;
}

describe('scheduler cache owner counts', () => {
  it('equal a recount from the store after every step, dense arrays included', () => {
    // 300 nodes and 900 replicas: the owner holds pods on more than the 256 nodes from which its
    // counts are also kept as a dense array.
    const built = scenario(300, 900);
    const sim = createSim(built);
    const cache = sim.scheduler.cache;
    const dispatch = makeDispatch(sim);
    const owners = new Set<number>();
    let denseChecks = 0;
    for (let t = 1e6; t <= built.config.durationUs; t += 1e6) {
      sim.engine.run({ untilUs: t, maxEvents: 1e9 }, dispatch);
      denseChecks += check(cache, owners);
    }
    expect(cache.hasOwnerDomainKey(ZONE)).toBe(true);
    // Both ReplicaSets of the rollout were seen; the dense form was read and checked many times.
    expect(owners.size).toBeGreaterThanOrEqual(2);
    expect(denseChecks).toBeGreaterThan(50);
    expect(sim.state.counters.podsScheduled).toBeGreaterThan(900);
  });
});
