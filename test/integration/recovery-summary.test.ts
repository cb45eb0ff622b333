// summary.json's disruption and recovery fields and pods.csv's zone and pending_s, against the events
// they summarise (src/metrics/availability.ts): a node crash on the M1 grid (jitter off) goes Unknown at
// 145 s, which marks its pods not Ready (disrupted), evicts them at 450 s, and the cluster has recovered
// when the last replacement is Running and Ready, or never when no node can take it.

import { describe, expect, it } from 'vitest';
import { rows, runPublic, S, times, us } from './public-run.js';

const scenario = (opts: { cpu: string; crash: string; pin?: string; duration?: string }) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: recovery}
spec:
  duration: ${opts.duration ?? '12m'}
  kubelet: {jitter: false}
  metrics: {interval: 10s}
  cluster:
    nodePools: [{name: node, count: 6, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${opts.pin ? 2 : 6}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            ${opts.pin ? `nodeSelector: {topology.kubernetes.io/zone: ${opts.pin}}` : ''}
            containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "${opts.cpu}", memory: 1Gi}}}]
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {containers: [{name: a, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 10m}}}]}
  faults:
    - ${opts.crash}
`;

describe('summary.json: disruption and recovery per fault', () => {
  it('a crashed node that boots again: recovered when the replacement runs on it', () => {
    // 3-cpu pods on 4-cpu nodes: one per node, so the replacement fits only once node-a-01 is back
    // (500 s) and its kubelet has confirmed the evicted pod's deletion.
    const run = runPublic(
      scenario({ cpu: '3', crash: '{at: 100s, action: node-crash, node: node-a-01, for: 400s}' }),
    );
    const f = run.summary.faults[0];
    const victim = rows(run, { reason: 'TaintManagerEviction' })[0]?.object as string;
    const replacement = rows(run, { reason: 'Created', detail: /^ReplicaSet\/web-/ }).filter((r) => r.t > 0);
    expect(replacement).toHaveLength(1);
    const started = times(run, { reason: 'Started', object: replacement[0]?.object as string });
    expect(started).toHaveLength(1);
    expect(started[0]).toBeGreaterThan(500);
    expect(f).toEqual({
      index: 0,
      action: 'node-crash',
      target: 'node-a-01',
      start_s: 100,
      end_s: 500,
      first_eviction_s: 450,
      disrupted_s: 145,
      recovered_s: started[0],
      time_to_recover_s: Math.round(((started[0] as number) - 100) * 1e6) / 1e6,
    });
    expect(run.summary.first_eviction_s).toBe(450);
    expect(victim).toMatch(/^default\/web-/);
    // The evicted pod never ran again; the replacement waited in Pending from 450 s until it started.
    const row = run.pods.find((p) => p.pod === replacement[0]?.object);
    expect(us(row?.pending_s as string)).toBe(us(row?.started_s as string) - us(row?.created_s as string));
    expect(row?.zone).toBe('zone-a');
    expect(row?.node).toBe('node-a-01');
  });

  it('a node that never returns, and no room elsewhere: not recovered by the end', () => {
    const run = runPublic(scenario({ cpu: '3', crash: '{at: 100s, action: node-crash, node: node-a-01}' }));
    expect(run.summary.faults[0]).toMatchObject({
      disrupted_s: 145,
      first_eviction_s: 450,
      end_s: null,
      recovered_s: null,
      time_to_recover_s: null,
    });
    // The replacement is Pending from its creation at 450 s to the end (720 s).
    const pending = run.pods.filter((p) => p.end_reason === 'Pending');
    expect(pending.map((p) => [p.zone, p.pending_s, p.scheduled_s])).toEqual([['', '270.000000', '']]);
    expect(run.summary.pods.pending_max).toBe(12); // 6 web + 6 agent pods created at 0
    expect(run.summary.pods.pending_max_at_s).toBe(0);
    expect(run.summary.pod_pending_duration.max_s).toBe(270);
  });

  it('room elsewhere: recovered as soon as the replacements run on other nodes', () => {
    const run = runPublic(scenario({ cpu: '1', crash: '{at: 100s, action: node-crash, node: node-a-01}' }));
    const replacements = rows(run, { reason: 'Created', detail: /^ReplicaSet\/web-/ }).filter((r) => r.t > 0);
    expect(replacements.length).toBeGreaterThan(0);
    const lastStart = Math.max(
      ...replacements.flatMap((r) => times(run, { reason: 'Started', object: r.object })),
    );
    expect(run.summary.faults[0]).toMatchObject({ disrupted_s: 145, recovered_s: lastStart });
    expect(lastStart).toBeGreaterThan(450);
    expect(lastStart).toBeLessThan(460);
  });

  it('a fault that takes no replica away: no disruption, nothing to recover', () => {
    // The two web pods live in zone-b; node-a-01 only carries an agent (DaemonSets do not count).
    const run = runPublic(
      scenario({ cpu: '1', pin: 'zone-b', crash: '{at: 100s, action: node-crash, node: node-a-01}' }),
    );
    expect(run.summary.evictions).toBe(0);
    expect(run.summary.faults[0]).toMatchObject({
      disrupted_s: null,
      recovered_s: null,
      time_to_recover_s: 0,
      first_eviction_s: null,
    });
  });

  it('counts nodes and running pods per zone at the end, summing to the cluster totals', () => {
    const run = runPublic(scenario({ cpu: '1', crash: '{at: 100s, action: zone-outage, zone: zone-c}' }));
    const z = run.summary.zones;
    expect(Object.keys(z)).toEqual(['zone-a', 'zone-b', 'zone-c']);
    expect(z['zone-c']).toMatchObject({ nodes: 2, nodes_ready: 0 });
    expect(z['zone-a']).toMatchObject({ nodes: 2, nodes_ready: 2, daemonset_pods_running: 2 });
    const total = Object.values(z).reduce((a, v) => a + v.pods_running, 0);
    expect(total).toBe(run.summary.pods.running_at_end);
    // zone-c's web pods were evicted and replaced in zones a and b: 6 web pods Running there.
    const web = run.pods.filter((p) => p.end_reason === 'Running' && p.pod.startsWith('default/web-'));
    expect(web.map((p) => p.zone).filter((zone) => zone === 'zone-c')).toEqual([]);
    expect((z['zone-a']?.pods_running ?? 0) + (z['zone-b']?.pods_running ?? 0) - 4).toBe(web.length);
    expect(run.summary.faults[0]).toMatchObject({ target: 'zone-c', disrupted_s: 145 });
  });

  it('--until: the summary says how far the run got and that it stopped early', () => {
    const full = runPublic(scenario({ cpu: '1', crash: '{at: 100s, action: node-crash, node: node-a-01}' }));
    const cut = runPublic(scenario({ cpu: '1', crash: '{at: 100s, action: node-crash, node: node-a-01}' }), {
      untilUs: 300 * S,
    });
    expect(full.summary).toMatchObject({ duration_s: 720, simulated_s: 720, stopped_early: false });
    expect(cut.summary).toMatchObject({ duration_s: 720, simulated_s: 300, stopped_early: true });
    // Not recovered at 300 s: the pods are still not Ready on the dead node.
    expect(cut.summary.faults[0]).toMatchObject({ disrupted_s: 145, recovered_s: null });
    // Pending pods are counted to the end of what was simulated.
    expect(cut.pods.every((p) => us(p.pending_s) <= 300 * S)).toBe(true);
  });
});
