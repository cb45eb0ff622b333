// The filter search while pods are nominated (framework/runtime RunFilterPluginsWithNominatedPods): the
// batched and pruned searches with nominated rows (Framework.nominatedRows) and the failure memo keyed by
// the nominator's change counter (failure-memo.ts, nominator.ts) give, attempt after attempt of a random
// sequence of nominations, releases and pod deletions, exactly what the node-by-node reference search
// gives (plainPaths: every node through runFilterWithNominated, no memo, no pruning).

import { describe, expect, it } from 'vitest';
import { podManifestSchema } from '../model/k8s-schema.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import { SchedulerCache } from './cache.js';
import { type CycleResult, fitErrorMessage, schedulePod } from './cycle.js';
import { buildExplainPod } from './explain.js';
import type { FilterPlugin } from './framework.js';
import { statusHistogram } from './node-statuses.js';
import { PodNominator } from './nominator.js';
import { Framework } from './runtime.js';
import { node, pod, world } from './testing/fixtures.js';

const NODES = 120;
const zone = (i: number) => `z${i % 3}`;

/** One-cpu pods on node i: 2 every 30th node, 3 every other 10th, else 4 (full). */
const load = (i: number) => (i % 30 === 0 ? 2 : i % 10 === 0 ? 3 : 4);

/** 120 four-cpu nodes in 3 zones, nearly full (load). */
function cluster(): Sim {
  const pods: object[] = [];
  for (let i = 0; i < NODES; i++)
    for (let j = 0; j < load(i); j++)
      pods.push(
        pod(`b-${i}-${j}`, {
          nodeName: `n${i}`,
          labels: { app: j % 2 === 0 ? 'web' : 'db' },
          requests: [{ cpu: '1', memory: '1Gi' }],
        }),
      );
  return world({
    nodes: Array.from({ length: NODES }, (_, i) =>
      node(`n${i}`, { cpu: '4', memory: '16Gi', pods: 110, labels: { zone: zone(i) } }),
    ),
    pods,
  });
}

const spread = {
  topologySpreadConstraints: [
    {
      maxSkew: 2,
      topologyKey: 'zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
  ],
};

function pending(sim: Sim, name: string, cpu: string, priority: number, extra: object = {}): Pod {
  const m = pod(name, {
    labels: { app: 'web' },
    requests: [{ cpu, memory: '1Gi' }],
    spec: { priority, ...extra },
  });
  return buildExplainPod(sim, podManifestSchema.parse(m));
}

function framework(sim: Sim, nominator: PodNominator, plain: boolean) {
  const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
  const fw = new Framework(profile, {
    cache: new SchedulerCache(sim.state),
    minorVersion: 34,
    rng: sim.rng.stream('t'),
    nominator,
  });
  fw.plainPaths = plain;
  let calls = 0;
  const tt = fw.plugins.get('TaintToleration') as FilterPlugin;
  const batch = tt.filterBatch?.bind(tt);
  tt.filterBatch = (...args) => {
    calls++;
    batch?.(...args);
  };
  return { fw, batchCalls: () => calls };
}

function outcome(r: CycleResult) {
  return {
    selected: r.selected?.name ?? null,
    processed: r.processed,
    evaluated: r.evaluated,
    message: r.selected === null ? fitErrorMessage(r, '') : '',
    histogram: statusHistogram(r.statuses).map(([st, n]) => [st.plugin, st.reasons.join(), n]),
    statuses: r.selected === null ? [...r.statuses].map(([n, st]) => `${n}:${st.reasons.join()}`) : [],
  };
}

/** A small seeded generator (the test's own; the simulation's streams are not involved). */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // The high bits (an LCG's low bits have short periods).
    return Math.floor((s / 2 ** 32) * n);
  };
}

describe('filter search with nominated pods', () => {
  it('batched, pruned and memoised searches equal the node-by-node search on random sequences', () => {
    for (const seed of [1, 2, 3]) {
      const sim = cluster();
      const nominator = new PodNominator();
      const fast = framework(sim, nominator, false).fw;
      const plain = framework(sim, nominator, true).fw;
      const shapes = [
        pending(sim, 'low', '1', 0),
        pending(sim, 'mid', '2', 100),
        pending(sim, 'high', '3', 1000),
        pending(sim, 'spread', '1', 100, spread),
      ];
      // Pods that get nominated: priorities below, equal to and above the shapes'.
      const nominees = Array.from({ length: 30 }, (_, i) =>
        pending(sim, `nom-${i}`, ['1', '2', '3'][i % 3] as string, [0, 50, 100, 1000, 5000][i % 5] as number),
      );
      const bound = [...sim.state.pods].filter((p) => p.nodeName !== null);
      const rnd = lcg(seed);
      let failures = 0;
      let last = shapes[0] as Pod;
      for (let step = 0; step < 400; step++) {
        const op = rnd(20);
        const held = nominees.filter((n) => nominator.nodeOf(n) !== null);
        // Most nominations go to the nodes with room (n0, n10, n20, ...), where they decide.
        const to = rnd(4) === 0 ? rnd(NODES) : 10 * rnd(NODES / 10);
        if (op < 5) nominator.add(nominees[rnd(nominees.length)] as Pod, `n${to}`);
        else if (op < 8 && held.length > 0) nominator.remove(held[rnd(held.length)] as Pod);
        else if (op === 8 && bound.length > 0)
          sim.state.removePod(bound.splice(rnd(bound.length), 1)[0] as Pod);
        // The same shape again half of the time (a memoised failure is then read).
        last = rnd(2) === 0 ? last : (shapes[rnd(shapes.length)] as Pod);
        const p = last;
        const opts = {
          percentage: 0,
          startIndex: rnd(NODES),
          tieBreak: 'first' as const,
          likelyUnschedulable: rnd(2) === 0,
        };
        const a = outcome(schedulePod(fast, p, { ...opts, rng: fast.rng }));
        const b = outcome(schedulePod(plain, p, { ...opts, rng: plain.rng }));
        expect(a, `seed ${seed} step ${step} ${p.name}`).toEqual(b);
        if (a.selected === null) failures++;
      }
      // The sequence exercised both outcomes.
      expect(failures).toBeGreaterThan(20);
      expect(failures).toBeLessThan(380);
    }
  });

  it('a failed search is replayed across nominations of lower-priority pods, redone on higher ones', () => {
    const sim = cluster();
    const nominator = new PodNominator();
    const { fw, batchCalls } = framework(sim, nominator, false);
    const attempt = (p: Pod, startIndex: number) =>
      schedulePod(fw, p, { percentage: 0, startIndex, tieBreak: 'first', rng: fw.rng });
    // One cpu asked: only nodes 0, 10, 20, ... fit; nominate a pod of equal priority to each.
    const big = pending(sim, 'big', '1', 100);
    const holders = Array.from({ length: NODES / 10 }, (_, i) => pending(sim, `h${i}`, '2', 100));
    holders.forEach((h, i) => {
      nominator.add(h, `n${i * 10}`);
    });
    expect(attempt(big, 0).selected).toBeNull();
    const calls = batchCalls();
    expect(attempt(big, 7).selected).toBeNull();
    expect(batchCalls()).toBe(calls);
    // A lower-priority pod nominated to an empty node does not count for `big`: still replayed.
    const low = pending(sim, 'low', '1', 0);
    nominator.add(low, 'n10');
    expect(attempt(big, 3).selected).toBeNull();
    expect(batchCalls()).toBe(calls);
    // Releasing one holder (equal priority) frees n20 for `big`: the memo must not answer.
    nominator.remove(holders[2] as Pod);
    expect(attempt(big, 3).selected?.name).toBe('n20');
    expect(batchCalls()).toBeGreaterThan(calls);
  });

  it('a reused node copy (NodeInfo.resetTo) equals a fresh clone of the node', () => {
    const sim = cluster();
    const cache = new SchedulerCache(sim.state);
    const live = cache.get('n1');
    const other = cache.get('n0');
    if (live === undefined || other === undefined) throw new Error('no node');
    const fresh = () => {
      const c = live.clone();
      return { pods: [...c.pods], req: c.requested, nz: c.nonZeroRequested, owners: [...c.ownerCounts] };
    };
    const copy = live.clone();
    copy.addPod(pending(sim, 'x', '2', 0));
    copy.removePod([...live.pods][0] as Pod);
    copy.resetTo(live);
    expect({
      pods: [...copy.pods],
      req: copy.requested,
      nz: copy.nonZeroRequested,
      owners: [...copy.ownerCounts],
    }).toEqual(fresh());
    expect(copy.pods).not.toBe(live.pods);
    expect(() => copy.resetTo(other)).toThrow(/not a copy/);
  });
});
