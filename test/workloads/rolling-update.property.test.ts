// A rolling update never takes more than maxSurge extra replicas nor more than maxUnavailable away
// (fast-check over sizes, budgets in numbers or percentages, API limits and seeds; fixed fast-check seed),
// with the real kube-scheduler placing the pods. The invariant is sampled after every dispatched event.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, rolloutComplete } from '../../src/controllers/deployment-util.js';
import { makeDispatch } from '../../src/sim/assemble.js';
import type { Deployment, ReplicaSet } from '../../src/workloads/objects.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const budget = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('0%', '10%', '25%', '50%', '100%'));

function scenario(
  replicas: number,
  surge: string | number,
  unavailable: string | number,
  limits: boolean,
  seed: number,
) {
  const q = (v: string | number) => (typeof v === 'string' ? `"${v}"` : String(v));
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: rolling}
spec:
  seed: ${seed}
  duration: 30m
  controllerManager: {apiRateLimits: ${limits}, kubeAPIQPS: 5, kubeAPIBurst: 3}
  cluster:
    nodePools: [{name: p, count: 4, zones: [z-a], capacity: {cpu: "64", memory: 256Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${replicas}
        strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: ${q(surge)}, maxUnavailable: ${q(unavailable)}}}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "v1", resources: {requests: {cpu: 100m}}}]}
  operations:
    - {at: 2m, action: set-image, target: Deployment/web, image: "v2"}
`;
}

describe('rolling update bounds (property)', () => {
  it('spec replicas stay within replicas + maxSurge and ready pods within replicas - maxUnavailable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        budget,
        budget,
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        (replicas, surge, unavailable, limits, seed) => {
          fc.pre(!(isZero(surge) && isZero(unavailable)));
          const sim = simFromYaml(scenario(replicas, surge, unavailable, limits, seed));
          const d = sim.workloads.store.get('Deployment', 'default/web') as Deployment;
          const maxTotal = replicas + maxSurge(d);
          const minReady = replicas - maxUnavailable(d);
          const inner = makeDispatch(sim);
          let violations = '';
          sim.engine.run({ untilUs: 20 * 60 * S, maxEvents: 5_000_000 }, (e) => {
            inner(e);
            const rss = sim.workloads.store.dependentsOf(d.uid) as ReplicaSet[];
            const spec = rss.reduce((a, r) => a + r.replicas, 0);
            if (spec > maxTotal) violations ||= `t=${sim.nowUs} spec replicas ${spec} > ${maxTotal}`;
            if (sim.nowUs >= 2 * 60 * S) {
              let ready = 0;
              for (const rs of rss)
                for (const p of sim.workloads.pods.owned(rs.uid)?.pods ?? [])
                  if (p.ready && p.deletionUs === null) ready++;
              if (ready < minReady) violations ||= `t=${sim.nowUs} ready ${ready} < ${minReady}`;
            }
          });
          expect(violations).toBe('');
          // The rollout finished: every replica runs the new image, old ReplicaSets are at zero.
          const rss = sim.workloads.store.dependentsOf(d.uid) as ReplicaSet[];
          const current = rss.find((r) => r.templateText === d.templateText) as ReplicaSet;
          expect(current.status.availableReplicas).toBe(replicas);
          expect(rss.filter((r) => r !== current).every((r) => r.replicas === 0)).toBe(true);
          expect(rolloutComplete(d.status)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});

function isZero(v: string | number): boolean {
  return v === 0 || v === '0%';
}
