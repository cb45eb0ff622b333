// InterPodAffinity's PreFilter counts kept across cycles (pair-counts.ts) equal a full recount after any
// seeded sequence of the changes the cache sees: pods assumed, bound, forgotten, marked terminating,
// failed and removed, nodes added and deleted, in several namespaces (terms with namespaces lists and
// namespaceSelectors), for several incoming pod shapes, PreScore's topology scores likewise; and AddPod / RemovePod on a cycle's state never
// leak into the memo.

import { describe, expect, it } from 'vitest';
import { makeNode } from '../../../model/factory.js';
import { podManifestSchema } from '../../../model/k8s-schema.js';
import type { Node, Pod } from '../../../model/types.js';
import type { Sim } from '../../../sim/assemble.js';
import { type NodeInfo, SchedulerCache } from '../../cache.js';
import { buildExplainPod } from '../../explain.js';
import { CycleState, type PluginInstance } from '../../framework.js';
import { Framework, noNominations } from '../../runtime.js';
import { node, pod, world } from '../../testing/fixtures.js';
import type { Counts } from './pair-counts.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const KEY = 'PreFilterInterPodAffinity';

/** A small seeded generator (the test must replay the same sequence every run). */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const namespaces = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { team: 'b' } } },
];
const sel = (app: string) => ({ matchLabels: { app } });
const anti = (terms: object[]) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
});

/** Existing pods: labels, namespace and (some) required anti-affinity in several namespace forms. */
const existingShapes: {
  labels: Record<string, string>;
  namespace: string;
  spec?: Record<string, unknown>;
}[] = [
  {
    labels: { app: 'web' },
    namespace: 'default',
    spec: anti([{ topologyKey: HOST, labelSelector: sel('web') }]),
  },
  { labels: { app: 'web' }, namespace: 'team-a' },
  {
    labels: { app: 'db' },
    namespace: 'team-b',
    spec: anti([
      { topologyKey: ZONE, labelSelector: sel('web'), namespaceSelector: { matchLabels: { team: 'a' } } },
    ]),
  },
  {
    labels: { app: 'db' },
    namespace: 'default',
    spec: anti([{ topologyKey: ZONE, labelSelector: sel('cache'), namespaces: ['team-a', 'default'] }]),
  },
  { labels: { app: 'cache' }, namespace: 'team-a' },
  {
    labels: { app: 'api' },
    namespace: 'team-a',
    spec: {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: ZONE, labelSelector: sel('web'), namespaceSelector: {} },
          ],
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 7,
              podAffinityTerm: { topologyKey: HOST, labelSelector: sel('cache'), namespaces: ['default'] },
            },
          ],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 3, podAffinityTerm: { topologyKey: ZONE, labelSelector: sel('web') } },
          ],
        },
      },
    },
  },
  {
    labels: { app: 'cache', tier: 'x' },
    namespace: 'default',
    spec: anti([
      {
        topologyKey: HOST,
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
        namespaceSelector: {},
      },
    ]),
  },
];

/** Incoming shapes: own required affinity / anti-affinity, and labels other pods' terms match. */
const incomingShapes: { labels: Record<string, string>; namespace: string; spec: Record<string, unknown> }[] =
  [
    {
      labels: { app: 'web' },
      namespace: 'default',
      spec: anti([{ topologyKey: HOST, labelSelector: sel('web') }]),
    },
    {
      labels: { app: 'web' },
      namespace: 'team-a',
      spec: {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                topologyKey: ZONE,
                labelSelector: sel('db'),
                namespaceSelector: { matchLabels: { team: 'b' } },
              },
            ],
          },
        },
      },
    },
    {
      labels: { app: 'cache' },
      namespace: 'default',
      spec: {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: ZONE, labelSelector: sel('cache'), namespaces: ['team-a'] },
              {
                topologyKey: HOST,
                labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['cache'] }] },
                namespaces: ['team-a'],
              },
            ],
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: ZONE, labelSelector: sel('db'), namespaceSelector: {} },
            ],
          },
        },
      },
    },
    // The first shape's terms in another namespace: a term without namespaces means the pod's own.
    {
      labels: { app: 'web' },
      namespace: 'team-b',
      spec: anti([{ topologyKey: HOST, labelSelector: sel('web') }]),
    },
    { labels: { app: 'other' }, namespace: 'team-b', spec: {} },
    // Preferred terms of the incoming pod (PreScore over every pod), two weights of the same term.
    {
      labels: { app: 'web' },
      namespace: 'team-a',
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 5,
                podAffinityTerm: { topologyKey: ZONE, labelSelector: sel('db'), namespaceSelector: {} },
              },
              { weight: 2, podAffinityTerm: { topologyKey: HOST, labelSelector: sel('web') } },
            ],
          },
        },
      },
    },
    {
      labels: { app: 'web' },
      namespace: 'team-a',
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 9,
                podAffinityTerm: { topologyKey: ZONE, labelSelector: sel('db'), namespaceSelector: {} },
              },
              { weight: 2, podAffinityTerm: { topologyKey: HOST, labelSelector: sel('web') } },
            ],
          },
        },
      },
    },
  ];

const room = { cpu: '64', memory: '256Gi', pods: 110 };

function setup(): {
  sim: Sim;
  fw: Framework;
  plugin: Required<PluginInstance>;
  incoming: Pod[];
  fresh: () => { fw: Framework; plugin: Required<PluginInstance> };
} {
  const nodes = ['a', 'a', 'b', 'c', null].map((z, i) =>
    node(`n${i}`, { ...room, labels: { [HOST]: `n${i}`, ...(z !== null ? { [ZONE]: z } : {}) } }),
  );
  const sim = world({ nodes, pods: namespaces });
  const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
  const cache = new SchedulerCache(sim.state);
  const fresh = () => {
    const f = new Framework(profile, {
      cache,
      minorVersion: 34,
      rng: sim.rng.stream('t'),
      nominator: noNominations,
    });
    return { fw: f, plugin: f.plugins.get('InterPodAffinity') as Required<PluginInstance> };
  };
  const { fw, plugin } = fresh();
  const incoming = incomingShapes.map((s, i) =>
    buildExplainPod(
      sim,
      podManifestSchema.parse(pod(`in${i}`, { labels: s.labels, namespace: s.namespace, spec: s.spec })),
    ),
  );
  return { sim, fw, plugin, incoming, fresh };
}

interface Maps {
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

/** The counts as sorted [key NUL value, count] rows. */
const sorted = (m: Counts) =>
  [...m]
    .flatMap(([k, inner]) => [...inner].map(([v, n]) => [`${k}\0${v}`, n] as const))
    .sort(([a], [b]) => (a < b ? -1 : 1));

/** The PreFilter state's three count maps (sorted), or null when PreFilter skipped. */
function counts(plugin: Required<PluginInstance>, p: Pod, nodes: readonly NodeInfo[]) {
  const state = new CycleState();
  plugin.preFilter(state, p, nodes);
  const s = state.read(KEY) as unknown as Maps | undefined;
  if (s === undefined) return null;
  return { existingAnti: sorted(s.existingAnti), affinity: sorted(s.affinity), anti: sorted(s.anti) };
}

/** The PreScore state's topology scores (sorted), or null when PreScore skipped. */
function scores(plugin: Required<PluginInstance>, fw: Framework, p: Pod) {
  const state = new CycleState();
  const order = fw.cache.nodeOrder;
  plugin.preScore(state, p, { idx: order, n: order.length });
  const s = state.read('PreScoreInterPodAffinity') as unknown as { topologyScore: Counts } | undefined;
  return s === undefined ? null : sorted(s.topologyScore);
}

describe('InterPodAffinity PreFilter counts memo', () => {
  it('equals a full recount after every step of seeded runs of binds, deletes and node changes', () => {
    for (const seed of [1, 2, 3]) {
      const { sim, fw, plugin, incoming, fresh } = setup();
      const st = sim.state;
      const rnd = lcg(seed);
      let made = 0;
      let extraNodes = 0;
      let nonEmpty = 0;
      let nonEmptyScores = 0;
      const livePods = () =>
        [...st.pods].filter((p) => p.assumedNode !== null && p.phase !== 'Succeeded' && p.phase !== 'Failed');
      const liveNodes = () => st.nodes.filter((n) => !n.deleted);
      for (let step = 0; step < 160; step++) {
        const op = rnd(10);
        const nodesNow = liveNodes();
        if (op < 5 && nodesNow.length > 0) {
          const s = existingShapes[rnd(existingShapes.length)] as (typeof existingShapes)[number];
          const p = buildExplainPod(
            sim,
            podManifestSchema.parse(
              pod(`e${made++}`, {
                labels: s.labels,
                namespace: s.namespace,
                ...(s.spec ? { spec: s.spec } : {}),
              }),
            ),
          );
          st.createPod(p);
          const target = nodesNow[rnd(nodesNow.length)] as Node;
          if (rnd(3) === 0) st.assumePod(p, target);
          else st.bindPod(p, target);
        } else if (op === 5) {
          const ps = livePods();
          const p = ps[rnd(Math.max(1, ps.length))];
          if (p !== undefined && p.deletionUs === null) st.markPodDeleting(p, 'TaintManagerEviction', '');
        } else if (op === 6) {
          const ps = livePods();
          const p = ps[rnd(Math.max(1, ps.length))];
          if (p !== undefined) {
            if (p.nodeName === null) st.forgetPod(p);
            else if (rnd(2) === 0) st.setPodPhase(p, 'Failed', 'Evicted');
            else st.removePod(p);
          }
        } else if (op === 7) {
          const res = {
            milliCPU: 64000,
            memory: 256 * 2 ** 30,
            ephemeralStorage: 0,
            allowedPodNumber: 110,
            scalar: {},
          };
          const name = `x${extraNodes++}`;
          const zone = ['a', 'b', 'd'][rnd(3)] as string;
          st.addNode(
            makeNode({
              idx: st.allocateNodeIdx(),
              name,
              pool: '',
              labels: { [HOST]: name, [ZONE]: zone },
              capacity: res,
              allocatable: res,
              taints: [],
              unschedulable: false,
              images: [],
              creationUs: 0,
            }),
          );
        } else if (op === 8 && nodesNow.length > 2) {
          st.deleteNode(nodesNow[rnd(nodesNow.length)] as Node);
        }
        // op 9: no change (a memo read twice with nothing logged).
        for (const p of incoming) {
          const direct = counts(plugin, p, [...fw.cache.nodes]);
          // Twice: the first request of a shape counts directly, the second on builds and reads the memo.
          counts(plugin, p, fw.cache.nodes);
          const memo = counts(plugin, p, fw.cache.nodes);
          expect(memo, `seed ${seed} step ${step} op ${op} pod ${p.name}`).toEqual(direct);
          if (direct !== null && direct.existingAnti.length + direct.affinity.length + direct.anti.length > 0)
            nonEmpty++;
          // PreScore: a fresh plugin instance counts directly (its memos are empty).
          const ref = fresh();
          const directScores = scores(ref.plugin, ref.fw, p);
          scores(plugin, fw, p);
          expect(scores(plugin, fw, p), `scores: seed ${seed} step ${step} pod ${p.name}`).toEqual(
            directScores,
          );
          if (directScores !== null && directScores.length > 0) nonEmptyScores++;
        }
      }
      // The runs must exercise non-empty counts, or the comparison proves nothing.
      expect(nonEmpty).toBeGreaterThan(200);
      expect(nonEmptyScores).toBeGreaterThan(200);
    }
  });

  it("AddPod / RemovePod change the cycle's own copy only, never the memo or a clone's source", () => {
    const { sim, fw, plugin, incoming } = setup();
    const st = sim.state;
    const p = incoming[0] as Pod;
    const web = buildExplainPod(
      sim,
      podManifestSchema.parse(pod('w', { labels: { app: 'web' }, spec: existingShapes[0]?.spec })),
    );
    st.createPod(web);
    st.bindPod(web, st.node('n0') as Node);
    counts(plugin, p, fw.cache.nodes);
    const before = counts(plugin, p, fw.cache.nodes);
    expect(before?.anti).toEqual([[`${HOST}\0n0`, 1]]);
    const state = new CycleState();
    plugin.preFilter(state, p, fw.cache.nodes);
    const clone = state.clone();
    const n2 = fw.cache.get('n2') as NodeInfo;
    plugin.addPod(clone, p, web, n2);
    const n0 = fw.cache.get('n0') as NodeInfo;
    plugin.removePod(state, p, web, n0);
    const cloned = clone.read(KEY) as unknown as Maps;
    expect(sorted(cloned.anti)).toEqual([
      [`${HOST}\0n0`, 1],
      [`${HOST}\0n2`, 1],
    ]);
    expect(sorted((state.read(KEY) as unknown as Maps).anti)).toEqual([]);
    expect(counts(plugin, p, fw.cache.nodes)).toEqual(before);
  });
});
