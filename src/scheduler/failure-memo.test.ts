// The failed-search memo (failure-memo.ts) and the PodTopologySpread count memo it sits on: a repeated
// failed attempt of one pod shape replays the statuses a full search gives, and any change a filter
// could see (a taint lifted, a pod deleted or terminating, a pod bound elsewhere) makes the next attempt
// filter again, so a pod that now fits is scheduled.

import { describe, expect, it } from 'vitest';
import { podManifestSchema } from '../model/k8s-schema.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import { SchedulerCache } from './cache.js';
import { type CycleResult, fitErrorMessage, schedulePod } from './cycle.js';
import { buildExplainPod } from './explain.js';
import type { FilterPlugin } from './framework.js';
import { statusHistogram } from './node-statuses.js';
import { Framework, noNominations } from './runtime.js';
import { node, pod, world } from './testing/fixtures.js';

// A taint of our own (the node lifecycle controller manages the not-ready and unreachable ones).
const NOT_READY = { key: 'example.com/partitioned', effect: 'NoSchedule' };
const spread = {
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
  ],
};

const room = { cpu: '4', memory: '8Gi', pods: 110 };

/** Zone a: a1 (not ready), a2 (not ready); zone b: b1, b2 with one web pod each (zone b 2, zone a 0). */
function storm(): Sim {
  return world({
    nodes: [
      node('a1', { ...room, labels: { zone: 'a' }, taints: [NOT_READY] }),
      node('a2', { ...room, labels: { zone: 'a' }, taints: [NOT_READY] }),
      node('b1', { ...room, labels: { zone: 'b' } }),
      node('b2', { ...room, labels: { zone: 'b' } }),
    ],
    pods: [
      pod('w1', { nodeName: 'b1', labels: { app: 'web' } }),
      pod('w2', { nodeName: 'b2', labels: { app: 'web' } }),
    ],
  });
}

function framework(sim: Sim): { fw: Framework; filterCalls: () => number } {
  const profile = sim.config.scheduler.profiles[0] as (typeof sim.config.scheduler.profiles)[number];
  const fw = new Framework(profile, {
    cache: new SchedulerCache(sim.state),
    minorVersion: 34,
    rng: sim.rng.stream('t'),
    nominator: noNominations,
  });
  // Counts TaintToleration's batch filter calls: a replayed search calls no filter.
  let calls = 0;
  const tt = fw.plugins.get('TaintToleration') as FilterPlugin;
  const batch = tt.filterBatch?.bind(tt);
  tt.filterBatch = (...args) => {
    calls++;
    batch?.(...args);
  };
  return { fw, filterCalls: () => calls };
}

function pending(sim: Sim): Pod {
  return buildExplainPod(
    sim,
    podManifestSchema.parse(pod('p', { labels: { app: 'web' }, requests: [{ cpu: '100m' }], spec: spread })),
  );
}

const attempt = (fw: Framework, p: Pod, startIndex: number): CycleResult =>
  schedulePod(fw, p, { percentage: 0, startIndex, tieBreak: 'first', rng: fw.rng });

/** What a failed attempt hands on: the FitError message, statuses in search order, the histogram. */
function outcome(r: CycleResult) {
  return {
    selected: r.selected?.name ?? null,
    processed: r.processed,
    evaluated: r.evaluated,
    message: fitErrorMessage(r, ''),
    histogram: statusHistogram(r.statuses).map(([st, n]) => [st.plugin, st.reasons.join(), n]),
    statuses: [...r.statuses].map(([name, st]) => [name, st.plugin]),
  };
}

describe('failed-search memo', () => {
  it('replays a repeated failure without filtering, as a fresh search from that start gives it', () => {
    const sim = storm();
    const { fw, filterCalls } = framework(sim);
    const p = pending(sim);
    expect(attempt(fw, p, 0).selected).toBeNull();
    const calls = filterCalls();
    const replayed = outcome(attempt(fw, p, 3));
    expect(filterCalls()).toBe(calls);
    // The same attempt on a framework that has no memo yet.
    const fresh = framework(sim);
    const direct = outcome(attempt(fresh.fw, p, 3));
    expect(fresh.filterCalls()).toBeGreaterThan(0);
    expect(replayed).toEqual(direct);
    expect(replayed.statuses.map(([n]) => n)).toEqual(['b2', 'a1', 'a2', 'b1']);
    expect(replayed.message).toBe(
      "0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, 2 node(s) had untolerated taint {example.com/partitioned: }.",
    );
  });

  it('a node becoming ready in the pod zone makes the pod schedulable again', () => {
    const sim = storm();
    const { fw } = framework(sim);
    const p = pending(sim);
    expect(attempt(fw, p, 0).selected).toBeNull();
    expect(attempt(fw, p, 1).selected).toBeNull();
    sim.state.removeTaint(sim.state.node('a2') as never, NOT_READY.key, 'NoSchedule');
    expect(attempt(fw, p, 2).selected?.name).toBe('a2');
  });

  it('a pod of the spread group deleted, or terminating, in the crowded zone lets the pod in', () => {
    for (const how of ['removed', 'terminating'] as const) {
      const sim = storm();
      const { fw } = framework(sim);
      const p = pending(sim);
      expect(attempt(fw, p, 0).selected).toBeNull();
      expect(attempt(fw, p, 1).selected).toBeNull();
      const w1 = sim.state.pod('default/w1') as Pod;
      if (how === 'removed') sim.state.removePod(w1);
      else sim.state.markPodDeleting(w1, 'TaintManagerEviction', '');
      // Zone b now holds 1 counted pod, zone a 0: b1 and b2 give skew 1 + 1 - 0 = 2 > 1 still, so
      // delete the second one as well; the first change alone must already invalidate the memo.
      const again = attempt(fw, p, 2);
      expect(outcome(again)).toEqual(outcome(attempt(framework(sim).fw, p, 2)));
      const w2 = sim.state.pod('default/w2') as Pod;
      if (how === 'removed') sim.state.removePod(w2);
      else sim.state.markPodDeleting(w2, 'TaintManagerEviction', '');
      expect(attempt(fw, p, 3).selected?.name, how).toMatch(/^b[12]$/);
    }
  });

  it('another shape is not served from the memo', () => {
    const sim = storm();
    const { fw } = framework(sim);
    expect(attempt(fw, pending(sim), 0).selected).toBeNull();
    // A pod of another spec that tolerates the taint fits zone a.
    const tolerant = buildExplainPod(
      sim,
      podManifestSchema.parse(
        pod('q', {
          labels: { app: 'web' },
          spec: {
            ...spread,
            tolerations: [{ key: NOT_READY.key, operator: 'Exists', effect: 'NoSchedule' }],
          },
        }),
      ),
    );
    expect(attempt(fw, tolerant, 0).selected?.name).toMatch(/^a[12]$/);
  });

  it('a pod expected to fail that fits gets the node the pruned search would give', () => {
    const sim = storm();
    const p = pending(sim);
    sim.state.removeTaint(sim.state.node('a1') as never, NOT_READY.key, 'NoSchedule');
    sim.state.removeTaint(sim.state.node('a2') as never, NOT_READY.key, 'NoSchedule');
    for (const start of [0, 1, 2, 3]) {
      const opts = { percentage: 0, startIndex: start, tieBreak: 'first' as const };
      const a = framework(sim).fw;
      const b = framework(sim).fw;
      const pruned = schedulePod(a, p, { ...opts, rng: a.rng });
      const full = schedulePod(b, p, { ...opts, rng: b.rng, likelyUnschedulable: true });
      expect([full.selected?.name, full.processed]).toEqual([pruned.selected?.name, pruned.processed]);
      expect(full.selected?.name).toMatch(/^a[12]$/);
    }
  });
});
