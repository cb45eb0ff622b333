// NodeResourcesFit vectors worked out by hand from scheduler.md §3, §4.1-4.4.
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';
import { brokenLinear, leastRequestedScore, mostRequestedScore } from './scorers.js';

const N = 'NodeResourcesFit';

describe('NodeResourcesFit score', () => {
  const nodes = [
    node('a', { cpu: '2', memory: '4Gi' }),
    node('b', { cpu: '4', memory: '8Gi' }),
    node('c', { cpu: '1', memory: '1Gi' }),
  ];
  const existing = [pod('e', { nodeName: 'b', requests: [{ cpu: '1', memory: '2Gi' }] })];

  it.each([
    {
      name: 'LeastAllocated, no requests: non-zero defaults 100m / 200Mi',
      args: undefined,
      pod: pod('p'),
      want: { a: [95, 95], b: [72, 72], c: [85, 85] },
    },
    {
      name: 'LeastAllocated with requests and an existing pod',
      args: undefined,
      pod: pod('p', { requests: [{ cpu: '500m', memory: '1Gi' }] }),
      want: { a: [75, 75], b: [62, 62], c: [25, 25] },
    },
    {
      name: 'LeastAllocated, cpu weight 3',
      args: {
        scoringStrategy: {
          resources: [
            { name: 'cpu', weight: 3 },
            { name: 'memory', weight: 1 },
          ],
        },
      },
      pod: pod('p', { requests: [{ cpu: '250m', memory: '768Mi' }] }),
      want: { a: [85, 85], b: [67, 67], c: [62, 62] },
    },
    {
      name: 'MostAllocated',
      args: { scoringStrategy: { type: 'MostAllocated' } },
      pod: pod('p', { requests: [{ cpu: '500m', memory: '1Gi' }] }),
      want: { a: [25, 25], b: [37, 37], c: [75, 75] },
    },
    {
      name: 'RequestedToCapacityRatio, MostAllocated-like shape',
      args: {
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 0 },
              { utilization: 100, score: 10 },
            ],
          },
        },
      },
      pod: pod('p', { requests: [{ cpu: '500m', memory: '1Gi' }] }),
      want: { a: [25, 25], b: [37, 37], c: [75, 75] },
    },
    {
      name: 'RequestedToCapacityRatio, LeastAllocated-like shape (negative slope truncates toward zero)',
      args: {
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 10 },
              { utilization: 100, score: 0 },
            ],
          },
        },
      },
      pod: pod('p', { requests: [{ cpu: '500m', memory: '1Gi' }] }),
      want: { a: [75, 75], b: [63, 63], c: [50, 50] },
    },
  ])('$name', ({ args, pod: p, want }) => {
    const sim = world({ nodes, pods: existing, scheduler: onlyScore(N, args) });
    expect(pluginScores(explain(sim, p, { allNodes: true }), N)).toEqual(want);
  });

  it('RequestedToCapacityRatio leaves resources scoring 0 out of the mean', () => {
    const sim = world({
      nodes: [node('d', { cpu: '4', memory: '8Gi' })],
      scheduler: onlyScore(N, {
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 0 },
              { utilization: 100, score: 10 },
            ],
          },
        },
      }),
    });
    // cpu explicitly 0 -> utilization 0 -> score 0, dropped; memory 2Gi/8Gi -> 25.
    expect(pluginScores(explain(sim, pod('p', { requests: [{ cpu: '0', memory: '2Gi' }] })), N)).toEqual({
      d: [25, 25],
    });
  });

  it('extended resources count only when the pod requests them', () => {
    const sim = world({
      nodes: [node('g', { cpu: '4', memory: '8Gi', extra: { 'nvidia.com/gpu': 4 } })],
      scheduler: onlyScore(N, {
        scoringStrategy: {
          resources: [
            { name: 'cpu', weight: 1 },
            { name: 'memory', weight: 1 },
            { name: 'nvidia.com/gpu', weight: 2 },
          ],
        },
      }),
    });
    const gpu = pod('p', { requests: [{ cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 }] });
    expect(pluginScores(explain(sim, gpu), N)).toEqual({ g: [78, 78] });
    const plain = pod('q', { requests: [{ cpu: '1', memory: '1Gi' }] });
    expect(pluginScores(explain(sim, plain), N)).toEqual({ g: [81, 81] });
  });

  it.each([
    [0, 100, 100],
    [50, 100, 50],
    [101, 100, 0],
    [10, 0, 0],
  ])('leastRequestedScore(%i, %i) = %i', (r, c, want) => {
    expect(leastRequestedScore(r, c)).toBe(want);
  });

  it.each([
    [0, 100, 0],
    [50, 100, 50],
    [150, 100, 100],
    [10, 0, 0],
  ])('mostRequestedScore(%i, %i) = %i', (r, c, want) => {
    expect(mostRequestedScore(r, c)).toBe(want);
  });

  it('brokenLinear interpolates with truncating division and clamps at both ends', () => {
    const shape = [
      { utilization: 10, score: 20 },
      { utilization: 40, score: 90 },
      { utilization: 80, score: 30 },
    ];
    expect([0, 10, 11, 40, 41, 80, 95].map((p) => brokenLinear(shape, p))).toEqual([
      20, 20, 22, 90, 89, 30, 30,
    ]);
  });
});

describe('NodeResourcesFit filter', () => {
  const sim = world({
    nodes: [
      node('small', { cpu: '2', memory: '4Gi' }),
      node('busy', { cpu: '4', memory: '8Gi' }),
      node('full', { cpu: '8', memory: '16Gi', pods: 1 }),
      node('gpu', { cpu: '8', memory: '16Gi', extra: { 'nvidia.com/gpu': 1 } }),
    ],
    pods: [
      pod('e1', { nodeName: 'busy', requests: [{ cpu: '3', memory: '7Gi' }] }),
      pod('e2', { nodeName: 'full' }),
      pod('e3', { nodeName: 'gpu', requests: [{ 'nvidia.com/gpu': 1 }] }),
    ],
  });

  it.each([
    {
      name: 'more than allocatable: unresolvable',
      pod: pod('p', { requests: [{ cpu: '3' }] }),
      node: 'small',
      want: { plugin: N, reason: 'Insufficient cpu', code: 'UnschedulableAndUnresolvable' },
    },
    {
      name: 'more than what is left: unschedulable, every resource listed',
      pod: pod('p', { requests: [{ cpu: '2', memory: '2Gi' }] }),
      node: 'busy',
      want: { plugin: N, reason: 'Insufficient cpu, Insufficient memory', code: 'Unschedulable' },
    },
    {
      name: 'pod slots',
      pod: pod('p'),
      node: 'full',
      want: { plugin: N, reason: 'Too many pods', code: 'Unschedulable' },
    },
    {
      name: 'extended resource in use',
      pod: pod('p', { requests: [{ 'nvidia.com/gpu': 1 }] }),
      node: 'gpu',
      want: { plugin: N, reason: 'Insufficient nvidia.com/gpu', code: 'Unschedulable' },
    },
  ])('$name', ({ pod: p, node: n, want }) => {
    const r = explain(sim, p);
    expect(r.nodes.find((x) => x.node === n)?.filter).toEqual(want);
  });

  it('ignoredResources skips an extended resource', () => {
    const s = world({
      nodes: [node('n', { cpu: '1', memory: '1Gi' })],
      scheduler: {
        profiles: [{ pluginConfig: [{ name: N, args: { ignoredResources: ['example.com/foo'] } }] }],
      },
    });
    const r = explain(s, pod('p', { requests: [{ 'example.com/foo': 3 }] }));
    expect(r.nodes[0]?.feasible).toBe(true);
  });
});

describe('pods without containers', () => {
  it('request nothing at all, not even the non-zero defaults (a 1-container pod does)', () => {
    const sim = world({
      nodes: [node('n', { cpu: '2', memory: '1000' })],
      pods: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e' }, spec: { nodeName: 'n' } }],
      scheduler: onlyScore(N),
    });
    const empty = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    expect(pluginScores(explain(sim, empty), N)).toEqual({ n: [100, 100] });
    // One container without requests: cpu (2000 - 100) x 100 / 2000 = 95, memory 200Mi > 1000 -> 0: 47.
    expect(pluginScores(explain(sim, pod('q'), { allNodes: true }), N)).toEqual({ n: [47, 47] });
  });
});

describe('batch scoring paths', () => {
  it('cpu/memory fast paths equal the generic per-resource scorers (Fit Least/Most, BalancedAllocation)', async () => {
    const { default: fc } = await import('fast-check');
    const { batchAndSingle } = await import('../../testing/fixtures.js');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ cpu: fc.integer({ min: 0, max: 8000 }), mem: fc.integer({ min: 0, max: 4096 }) }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(
          fc.record({
            node: fc.nat(),
            cpu: fc.integer({ min: 0, max: 3000 }),
            mem: fc.integer({ min: 0, max: 2048 }),
          }),
          { maxLength: 10 },
        ),
        fc.record({
          cpu: fc.option(fc.integer({ min: 0, max: 3000 })),
          mem: fc.option(fc.integer({ min: 0, max: 3000 })),
        }),
        fc.constantFrom('LeastAllocated', 'MostAllocated'),
        async (nodes, existing, incoming, type) => {
          const req = (c: number | null, m: number | null) => ({
            ...(c !== null ? { cpu: `${c}m` } : {}),
            ...(m !== null ? { memory: `${m}Mi` } : {}),
          });
          const sim = world({
            nodes: nodes.map((n, i) => node(`n${i}`, { cpu: `${n.cpu}m`, memory: `${n.mem}Mi` })),
            pods: existing.map((e, i) =>
              pod(`e${i}`, { nodeName: `n${e.node % nodes.length}`, requests: [req(e.cpu, e.mem)] }),
            ),
            scheduler: { profiles: [{ pluginConfig: [{ name: N, args: { scoringStrategy: { type } } }] }] },
          });
          const p = pod('p', { requests: [req(incoming.cpu, incoming.mem)] });
          const [b1, s1] = await batchAndSingle(sim, N, p);
          expect(b1).toEqual(s1);
          const [b2, s2] = await batchAndSingle(sim, 'NodeResourcesBalancedAllocation', p);
          expect(b2).toEqual(s2);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });
});
