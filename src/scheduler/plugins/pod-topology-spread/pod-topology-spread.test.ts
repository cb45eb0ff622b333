// PodTopologySpread vectors (scheduler.md §4.10), worked out by hand.
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';

const N = 'PodTopologySpread';
const web = (name: string, nodeName: string) => pod(name, { nodeName, labels: { app: 'web' } });
const spread = (whenUnsatisfiable: string, topologyKey: string, extra: object = {}) => ({
  topologySpreadConstraints: [
    { maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } }, ...extra },
  ],
});

describe('PodTopologySpread score', () => {
  it('hostname counts 2/1/0/3, maxSkew 1: raw Round(c x ln 6), normalized 100 (max + min - s) / max', () => {
    const sim = world({
      nodes: ['n1', 'n2', 'n3', 'n4'].map((n) => node(n)),
      pods: [web('a', 'n1'), web('b', 'n1'), web('c', 'n2'), web('d', 'n4'), web('e', 'n4'), web('f', 'n4')],
      scheduler: onlyScore(N),
    });
    const r = explain(
      sim,
      pod('p', { labels: { app: 'web' }, spec: spread('ScheduleAnyway', 'kubernetes.io/hostname') }),
    );
    expect(pluginScores(r, N)).toEqual({ n1: [4, 20], n2: [2, 60], n3: [0, 100], n4: [5, 0] });
  });

  it('zone domains count pods on every eligible node; nodes without the key score 0', () => {
    const sim = world({
      nodes: [
        node('a1', { labels: { zone: 'a' } }),
        node('a2', { labels: { zone: 'a' } }),
        node('b1', { labels: { zone: 'b' } }),
        node('nokey'),
      ],
      pods: [web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1')],
      scheduler: onlyScore(N),
    });
    // 2 domains -> w = ln 4; zone a: 2 x 1.386 = 2.77 -> 3; zone b: 1.386 -> 1. Normalized: max 3, min 1.
    const r = explain(sim, pod('p', { labels: { app: 'web' }, spec: spread('ScheduleAnyway', 'zone') }));
    expect(pluginScores(r, N)).toEqual({ a1: [3, 33], a2: [3, 33], b1: [1, 100], nokey: [0, 0] });
  });

  it('system default constraints apply to pods with a ReplicaSet owner only', () => {
    const sim = world({ nodes: [node('n1'), node('n2')], scheduler: onlyScore(N) });
    const r = explain(sim, pod('p'));
    expect(r.nodes[0]?.scores?.[N]?.skipped).toBe(true);
  });
});

describe('PodTopologySpread filter', () => {
  const nodes = [
    node('a1', { labels: { zone: 'a' } }),
    node('a2', { labels: { zone: 'a' } }),
    node('b1', { labels: { zone: 'b' } }),
    node('nokey'),
  ];

  it('rejects nodes whose domain would exceed maxSkew, and nodes without the key', () => {
    const sim = world({ nodes, pods: [web('w1', 'a1'), web('w2', 'a2')] });
    const r = explain(sim, pod('p', { labels: { app: 'web' }, spec: spread('DoNotSchedule', 'zone') }));
    const byNode = Object.fromEntries(r.nodes.map((n) => [n.node, n.filter?.reason ?? 'ok']));
    expect(byNode).toEqual({
      a1: "node(s) didn't match pod topology spread constraints",
      a2: "node(s) didn't match pod topology spread constraints",
      b1: 'ok',
      nokey: "node(s) didn't match pod topology spread constraints (missing required label)",
    });
  });

  it('minDomains above the number of domains makes the global minimum 0', () => {
    const sim = world({ nodes, pods: [web('w1', 'a1'), web('w2', 'b1')] });
    const plain = explain(sim, pod('p', { labels: { app: 'web' }, spec: spread('DoNotSchedule', 'zone') }));
    expect(plain.feasible).toBe(3);
    const min3 = explain(
      sim,
      pod('q', { labels: { app: 'web' }, spec: spread('DoNotSchedule', 'zone', { minDomains: 3 }) }),
    );
    expect(min3.feasible).toBe(0);
  });
});

describe('PodTopologySpread system defaults (ReplicaSet-owned pods)', () => {
  it('batch scoring over sparse owner counts equals node-by-node scoring', async () => {
    const { default: fc } = await import('fast-check');
    const { makePod } = await import('../../../model/factory.js');
    const { SchedulerCache } = await import('../../cache.js');
    const { Framework, noNominations } = await import('../../runtime.js');
    const { CycleState } = await import('../../framework.js');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 2 })), {
          maxLength: 60,
        }),
        (nodeCount, placements) => {
          const sim = world({
            nodes: Array.from({ length: nodeCount }, (_, i) =>
              node(`n${i}`, { labels: { 'topology.kubernetes.io/zone': `z${i % 3}` } }),
            ),
          });
          const owners = [0, 1, 2].map((r) => ({
            kind: 'ReplicaSet',
            name: `rs${r}`,
            uid: `uid-${r}`,
            controller: true,
          }));
          const mk = (name: string, owner: (typeof owners)[number]) =>
            makePod({
              idx: sim.state.allocatePodIdx(),
              namespace: 'default',
              name,
              labels: {},
              annotations: {},
              owner,
              spec: { containers: [] },
              createdUs: 0,
              admission: sim.config.admission,
              priorityClasses: sim.built.priorityClasses,
            });
          placements.forEach(([n, r], i) => {
            const p = mk(`e${i}`, owners[r] as (typeof owners)[number]);
            sim.state.createPod(p);
            const target = sim.state.node(`n${n % nodeCount}`);
            if (target) sim.state.bindPod(p, target);
          });
          const incoming = mk('incoming', owners[0] as (typeof owners)[number]);
          const cache = new SchedulerCache(sim.state);
          const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
          const fw = new Framework(profile, {
            cache,
            minorVersion: 34,
            rng: sim.rng.stream('t'),
            nominator: noNominations,
          });
          const pts = fw.plugins.get('PodTopologySpread') as Required<
            import('../../framework.js').PluginInstance
          >;
          const state = new CycleState();
          const nodes = cache.nodes;
          const all = { idx: cache.nodeOrder, n: nodes.length };
          expect(pts.preScore(state, incoming, all)).toBeNull();
          const batch = new Float64Array(nodes.length);
          pts.scoreBatch(state, incoming, all, batch);
          expect([...batch]).toEqual(nodes.map((ni) => pts.score(state, incoming, ni)));
        },
      ),
      { seed: 5, numRuns: 50 },
    );
  });
});
