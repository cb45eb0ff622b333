// The scheduling cycle's pure rules: numFeasibleNodesToFind, the zone-interleaved node list, host
// selection and the FailedScheduling summary (scheduler.md §1.3-§1.9).
import { describe, expect, it } from 'vitest';
import { RngRoot } from '../engine/rng.js';
import type { NodeInfo } from './cache.js';
import { zoneInterleaved } from './cache.js';
import { numFeasibleNodesToFind, selectHost } from './cycle.js';
import { explain, node, pod, world } from './testing/fixtures.js';

const fakeNode = (name: string, zoneKey: string, zone = zoneKey) =>
  ({ name, node: { name, zone, zoneKey } }) as unknown as NodeInfo;

describe('numFeasibleNodesToFind', () => {
  it.each([
    [0, 50, 50],
    [0, 100, 100],
    [0, 250, 120],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 6000, 300],
    [0, 15000, 750],
    [30, 1000, 300],
    [5, 1000, 100],
    [100, 5000, 5000],
  ])('percentage %i of %i nodes -> %i', (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe('zoneInterleaved', () => {
  it('takes one node from each zone in turn (node_tree.go example)', () => {
    const nodes = ['N1', 'N2', 'N3', 'N4'].map((n) => fakeNode(n, 'zone1'));
    nodes.push(fakeNode('N5', 'zone2'), fakeNode('N6', 'zone2'));
    expect(zoneInterleaved(nodes).map((n) => n.name)).toEqual(['N1', 'N5', 'N2', 'N6', 'N3', 'N4']);
  });

  it('groups by the zone key (GetZoneKey: region and zone), not the zone label alone', () => {
    const nodes = [fakeNode('A1', 'r1:z', 'z'), fakeNode('A2', 'r1:z', 'z'), fakeNode('B1', 'r2:z', 'z')];
    expect(zoneInterleaved(nodes).map((n) => n.name)).toEqual(['A1', 'B1', 'A2']);
  });
});

describe('selectHost', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => fakeNode(n, ''));
  const totals = Float64Array.from([5, 9, 9, 9]);

  it('tieBreak first takes the first top-scoring node in feasible order', () => {
    expect(selectHost(nodes, totals, 'first', new RngRoot(1).stream('t'))?.name).toBe('b');
  });

  it('random tie-break is uniform over the tied nodes and reproducible per seed', () => {
    const rng = new RngRoot(7).stream('t');
    const counts: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      const n = selectHost(nodes, totals, 'random', rng)?.name as string;
      counts[n] = (counts[n] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['b', 'c', 'd']);
    for (const c of Object.values(counts)) expect(Math.abs(c - 1000)).toBeLessThan(120);
    const again = new RngRoot(7).stream('t');
    expect(selectHost(nodes, totals, 'random', again)?.name).toBe(
      selectHost(nodes, totals, 'random', new RngRoot(7).stream('t'))?.name,
    );
  });
});

describe('FailedScheduling summary', () => {
  it('counts reasons over nodes, sorted as upstream FitError', () => {
    const sim = world({
      nodes: [
        node('a', { cpu: '1', memory: '1Gi' }),
        node('b', { cpu: '1', memory: '1Gi' }),
        node('t', { cpu: '8', memory: '8Gi', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }),
      ],
    });
    const r = explain(sim, pod('p', { requests: [{ cpu: '2' }] }));
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.',
    );
    expect(r.selected).toBeNull();
  });
});

describe('batched filter search', () => {
  type Spec = { cpu: number; taint: boolean; cordon: boolean };
  /** The batched and the node-by-node search over a cluster of `specs` (pod requests 2 cpu). */
  async function bothSearches(specs: Spec[], start: number, k: number) {
    const { CycleState } = await import('./framework.js');
    const { Framework, noNominations } = await import('./runtime.js');
    const { FailedNodes, IdxList, searchBatched, searchSequential } = await import('./cycle.js');
    const { buildExplainPod } = await import('./explain.js');
    const { podManifestSchema } = await import('../model/k8s-schema.js');
    const { SchedulerCache } = await import('./cache.js');
    const { NodeStatuses } = await import('./node-statuses.js');
    const sim = world({
      nodes: specs.map((s, i) =>
        node(`n${i}`, {
          cpu: String(s.cpu),
          memory: '4Gi',
          unschedulable: s.cordon,
          taints: s.taint ? [{ key: 'x', value: 'y', effect: 'NoSchedule' }] : [],
        }),
      ),
    });
    const p = buildExplainPod(sim, podManifestSchema.parse(pod('p', { requests: [{ cpu: '2' }] })));
    const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
    const fw = new Framework(profile, {
      cache: new SchedulerCache(sim.state),
      minorVersion: 34,
      rng: sim.rng.stream('t'),
      nominator: noNominations,
    });
    const run = (search: typeof searchBatched) => {
      const state = new CycleState();
      fw.runPreFilter(state, p, fw.cache.nodes);
      const statuses = new NodeStatuses();
      const all = { idx: fw.cache.nodeOrder, n: fw.cache.nodes.length };
      const failed = new FailedNodes();
      const r = search(fw, state, p, all, start % specs.length, k, new IdxList(), failed);
      failed.flushInto(fw, statuses);
      const names = [...r.feasible.idx.subarray(0, r.feasible.n)].map((i) => fw.cache.infoAt(i).name);
      return { processed: r.processed, feasible: names, statuses: [...statuses] };
    };
    return [run(searchBatched), run(searchSequential)];
  }

  it('stops at the k-th feasible node when a later chunk passes entirely', async () => {
    const specs = Array.from({ length: 40 }, (_, i) => ({ cpu: 4, taint: false, cordon: i < 10 }));
    const [batched, sequential] = await bothSearches(specs, 0, 20);
    expect(sequential?.processed).toBe(30);
    expect(batched).toEqual(sequential);
  });

  it('finds exactly what the node-by-node search finds (feasible list, statuses, processed count)', async () => {
    const { default: fc } = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ cpu: fc.integer({ min: 1, max: 4 }), taint: fc.boolean(), cordon: fc.boolean() }),
            // Mostly feasible nodes: long runs of passing nodes (the batched search's no-copy path).
            fc.record({
              cpu: fc.constantFrom(1, 4, 4, 4, 4, 4, 4, 4),
              taint: fc.constant(false),
              cordon: fc.constant(false),
            }),
          ),
          { minLength: 1, maxLength: 150 },
        ),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 120 }),
        async (specs, start, k) => {
          const [batched, sequential] = await bothSearches(specs, start, k);
          expect(batched).toEqual(sequential);
        },
      ),
      { seed: 99, numRuns: 150 },
    );
  });
});
