// Scheduler throughput benchmark (issue 4 item 8; issue 6's B2 shape): `rs` ReplicaSets x `replicas` pods
// with mixed requests, created at t = 0 onto `nodes` nodes in 3 zones, scheduled with the default
// profile. Pods carry ReplicaSet owner references, so PodTopologySpread's system default constraints
// apply as they would to Deployment pods. Reports wall time and pods scheduled per wall-second
// (scheduling cycles; binds are rate-limited in virtual time and do not cost wall time).
//
//   node dist/bench/scheduler-throughput.js [nodes=5000] [rs=1500] [replicas=100] [percentage=0]

import { makePod } from '../src/model/factory.js';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { makeDispatch } from '../src/sim/assemble.js';
import { createSim } from '../src/sim/setup.js';

const CPU = ['100m', '250m', '500m', '1'];
const MEM = ['128Mi', '256Mi', '512Mi', '1Gi'];

export function benchScheduler(nodes: number, rs: number, replicas: number, percentage: number) {
  const text = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: bench-scheduler}
spec:
  duration: 3h
  cluster:
    nodePools:
      - {name: n, count: ${nodes}, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "32", memory: 128Gi, pods: 110}}
  scheduler:
    percentageOfNodesToScore: ${percentage}
  metrics: {interval: 60s}
`;
  const built = buildScenario(loadScenarioText(text).scenario);
  const sim = createSim(built);
  const cpuMilli = [100, 250, 500, 1000];
  for (let r = 0; r < rs; r++) {
    const owner = { kind: 'ReplicaSet', name: `rs-${r}`, uid: `uid-rs-${r}`, controller: true };
    const cpu = CPU[r % 4] as string;
    const mem = MEM[(r >> 2) % 4] as string;
    for (let i = 0; i < replicas; i++) {
      const pod = makePod({
        idx: sim.state.allocatePodIdx(),
        namespace: 'default',
        name: `rs-${r}-${i}`,
        labels: { app: `rs-${r}` },
        annotations: {},
        owner,
        spec: {
          containers: [
            { name: 'c', resources: { requests: { cpu: cpuMilli[r % 4] as number, memory: parseMem(mem) } } },
          ],
        },
        createdUs: 0,
        admission: built.config.admission,
        priorityClasses: built.priorityClasses,
      });
      sim.state.createPod(pod);
    }
    void cpu;
  }
  const t0 = process.hrtime.bigint();
  sim.engine.run({ untilUs: built.config.durationUs, maxEvents: built.config.maxEvents }, makeDispatch(sim));
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const total = rs * replicas;
  return {
    nodes,
    pods: total,
    scheduled: sim.state.counters.podsScheduled,
    attempts: sim.state.counters.schedulingAttempts,
    wallS,
    podsPerWallS: sim.state.counters.schedulingAttempts / wallS,
    virtualS: sim.nowUs / 1e6,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    // Fidelity: the run's trace digest (event kinds, times and every placement) and a digest of the final
    // pod -> node table; both must stay the same when the scheduler is made faster.
    traceDigest: sim.trace.digest,
    placementDigest: placementDigest(sim.state.podHistory),
  };
}

function placementDigest(pods: readonly { key: string; nodeName: string | null }[]): string {
  let h = 0x811c9dc5;
  for (const p of pods) {
    const s = `${p.key}>${p.nodeName ?? ''};`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function parseMem(m: string): number {
  return m.endsWith('Gi') ? Number(m.slice(0, -2)) * 2 ** 30 : Number(m.slice(0, -2)) * 2 ** 20;
}

const [nodes = '5000', rs = '1500', replicas = '100', pct = '0'] = process.argv.slice(2);
const r = benchScheduler(Number(nodes), Number(rs), Number(replicas), Number(pct));
process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
