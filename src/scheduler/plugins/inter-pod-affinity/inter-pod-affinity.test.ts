// InterPodAffinity vectors (scheduler.md §4.11), worked out by hand.
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';

const N = 'InterPodAffinity';
const term = (app: string, topologyKey = 'zone') => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
});
const nodes = [
  node('n1', { labels: { zone: 'a' } }),
  node('n2', { labels: { zone: 'a' } }),
  node('n3', { labels: { zone: 'b' } }),
];
const db = pod('db', { nodeName: 'n1', labels: { app: 'db' } });

describe('InterPodAffinity filter', () => {
  it('required anti-affinity rejects the whole topology domain', () => {
    const sim = world({ nodes, pods: [db] });
    const p = pod('p', {
      spec: {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } },
      },
    });
    const r = explain(sim, p);
    expect(r.nodes.map((n) => n.filter?.reason ?? 'ok')).toEqual([
      "node(s) didn't match pod anti-affinity rules",
      "node(s) didn't match pod anti-affinity rules",
      'ok',
    ]);
  });

  it('required affinity with no matching pod anywhere is unresolvable unless the pod matches itself', () => {
    const sim = world({ nodes, pods: [db] });
    const p = pod('p', {
      spec: {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } },
      },
    });
    expect(explain(sim, p).nodes[0]?.filter).toEqual({
      plugin: N,
      reason: "node(s) didn't match pod affinity rules",
      code: 'UnschedulableAndUnresolvable',
    });
    const self = pod('q', {
      labels: { app: 'cache' },
      spec: {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } },
      },
    });
    expect(explain(sim, self).feasible).toBe(3);
    const toDb = pod('r', {
      spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } },
    });
    expect(explain(sim, toDb).nodes.map((n) => n.feasible)).toEqual([true, true, false]);
  });

  it("existing pods' required anti-affinity protects their domain", () => {
    const guard = pod('guard', {
      nodeName: 'n3',
      labels: { app: 'guard' },
      spec: {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } },
      },
    });
    const sim = world({ nodes, pods: [guard] });
    const r = explain(sim, pod('p', { labels: { app: 'web' } }));
    expect(r.nodes[2]?.filter?.reason).toBe("node(s) didn't satisfy existing pods anti-affinity rules");
    expect(r.feasible).toBe(2);
  });
});

describe('InterPodAffinity score', () => {
  it('preferred affinity adds the weight to every node of the matching domain; min-max normalized', () => {
    const sim = world({ nodes, pods: [db], scheduler: onlyScore(N) });
    const p = pod('p', {
      spec: {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }],
          },
        },
      },
    });
    expect(pluginScores(explain(sim, p), N)).toEqual({ n1: [10, 100], n2: [10, 100], n3: [0, 0] });
  });

  it('preferred anti-affinity subtracts; existing required affinity adds hardPodAffinityWeight', () => {
    const fan = pod('fan', {
      nodeName: 'n3',
      labels: { app: 'fan' },
      spec: {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')],
          },
        },
      },
    });
    const sim = world({ nodes, pods: [db, fan], scheduler: onlyScore(N, { hardPodAffinityWeight: 5 }) });
    const p = pod('p', {
      labels: { app: 'web' },
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, podAffinityTerm: term('db') }],
          },
        },
      },
    });
    // n1, n2: -3 (zone a has db); n3: +5 (fan's required affinity to app=web on its hostname).
    // min -3, max 5: n1, n2 -> 0; n3 -> 100.
    expect(pluginScores(explain(sim, p), N)).toEqual({ n1: [-3, 0], n2: [-3, 0], n3: [5, 100] });
  });
});
