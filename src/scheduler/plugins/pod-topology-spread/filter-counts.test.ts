// PodTopologySpread's PreFilter counts kept across cycles (filter-counts.ts) equal a node-by-node count
// after every kind of change the cache sees: a pod bound, marked terminating or removed, a node added or
// deleted, a taint changed; and the Filter batch form equals Filter node by node.

import { describe, expect, it } from 'vitest';
import { makeNode } from '../../../model/factory.js';
import { podManifestSchema } from '../../../model/k8s-schema.js';
import type { Pod } from '../../../model/types.js';
import type { Sim } from '../../../sim/assemble.js';
import { SchedulerCache } from '../../cache.js';
import { buildExplainPod } from '../../explain.js';
import { CycleState, type FilterPlugin, type Status } from '../../framework.js';
import { Framework, noNominations } from '../../runtime.js';
import { allNodes, node, pod, world } from '../../testing/fixtures.js';

const room = { cpu: '8', memory: '16Gi', pods: 110 };
const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const web = (name: string, nodeName: string) => pod(name, { nodeName, labels: { app: 'web' } });
const spec = {
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
    {
      maxSkew: 2,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
  ],
};

function setup(): { sim: Sim; fw: Framework; p: Pod } {
  const sim = world({
    nodes: [
      node('a1', { ...room, labels: zone('a') }),
      node('a2', { ...room, labels: zone('a') }),
      node('b1', { ...room, labels: zone('b') }),
      node('c1', { ...room, labels: zone('c') }),
      node('nozone', room),
    ],
    pods: [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1'), web('w4', 'nozone')],
  });
  const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
  const fw = new Framework(profile, {
    cache: new SchedulerCache(sim.state),
    minorVersion: 34,
    rng: sim.rng.stream('t'),
    nominator: noNominations,
  });
  const p = buildExplainPod(sim, podManifestSchema.parse(pod('p', { labels: { app: 'web' }, spec })));
  return { sim, fw, p };
}

/** The PreFilter state's pair counts, from the memo (the cache's node list) and counted node by node. */
function bothCounts(fw: Framework, p: Pod): [Map<string, number>, Map<string, number>] {
  const plugin = fw.plugins.get('PodTopologySpread') as Required<import('../../framework.js').PluginInstance>;
  const read = (nodes: typeof fw.cache.nodes) => {
    const state = new CycleState();
    plugin.preFilter(state, p, nodes);
    const s = state.read('PreFilterPodTopologySpread') as unknown as { pairCounts: Map<string, number> };
    return new Map([...s.pairCounts].sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  return [read(fw.cache.nodes), read([...fw.cache.nodes])];
}

describe('PodTopologySpread PreFilter counts memo', () => {
  it('equals a node-by-node count after pods bind, terminate and go, and nodes come and go', () => {
    const { sim, fw, p } = setup();
    const check = (why: string) => {
      const [memo, direct] = bothCounts(fw, p);
      expect(memo, why).toEqual(direct);
      return memo;
    };
    expect(check('start').get('topology.kubernetes.io/zone\0a')).toBe(2);
    const st = sim.state;
    // A pod bound in zone c.
    const extra = buildExplainPod(
      sim,
      podManifestSchema.parse(pod('w5', { labels: { app: 'web' }, requests: [{ cpu: '100m' }] })),
    );
    st.createPod(extra);
    st.bindPod(extra, st.node('c1') as never);
    expect(check('bound').get('topology.kubernetes.io/zone\0c')).toBe(1);
    st.markPodDeleting(st.pod('default/w1') as Pod, 'TaintManagerEviction', '');
    expect(check('terminating').get('topology.kubernetes.io/zone\0a')).toBe(1);
    st.removePod(st.pod('default/w3') as Pod);
    expect(check('removed').get('topology.kubernetes.io/zone\0b')).toBe(0);
    st.addTaint(st.node('a2') as never, { key: 'example.com/x', effect: 'NoSchedule' });
    check('tainted');
    // A node in a new zone, then a node deleted.
    const res = {
      milliCPU: 8000,
      memory: 16 * 2 ** 30,
      ephemeralStorage: 0,
      allowedPodNumber: 110,
      scalar: {},
    };
    const d1 = makeNode({
      idx: st.allocateNodeIdx(),
      name: 'd1',
      pool: '',
      labels: { ...zone('d'), 'kubernetes.io/hostname': 'd1' },
      capacity: res,
      allocatable: res,
      taints: [],
      unschedulable: false,
      images: [],
      creationUs: 0,
    });
    st.addNode(d1);
    expect(check('node added').get('topology.kubernetes.io/zone\0d')).toBe(0);
    st.deleteNode(st.node('b1') as never);
    expect(check('node deleted').has('topology.kubernetes.io/zone\0b')).toBe(false);
  });

  it('the Filter batch form gives the node-by-node statuses', () => {
    const { fw, p } = setup();
    const plugin = fw.plugins.get('PodTopologySpread') as Required<FilterPlugin> &
      Required<import('../../framework.js').PluginInstance>;
    const state = new CycleState();
    plugin.preFilter(state, p, fw.cache.nodes);
    const all = allNodes(fw.cache);
    const out: Status[] = Array.from({ length: all.n }, () => null);
    plugin.filterBatch(state, p, all, out);
    const single = fw.cache.nodes.map((ni) => plugin.filter(state, p, ni));
    expect(out).toEqual(single);
    // a1 (2 pods, zone a 2 vs min 0) and nozone (no zone label) are rejected, each for its reason.
    expect(out.map((s) => s?.reasons[0] ?? 'ok')).toContain(
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
    expect(out.filter((s) => s !== null).length).toBeGreaterThan(1);
  });
});
