// Workload-controller benchmark (issue 6's everyday case): D Deployments x R replicas created at t = 0
// on N nodes. With bind=false no scheduler runs, so this measures the controllers alone: Deployment and
// ReplicaSet syncs, slow-start batches, expectations, status writes and the API clients' token buckets.
// With bind=true a BENCH-ONLY round-robin binder (not kube-scheduler: it checks the pod count only)
// places each new pod between events, so pod start-up stages, readiness and the status writes they
// trigger are measured too. Reports wall time, simulated time until the last pod exists and runs,
// events, and events per wall-second.
//
//   npm run build && node dist/bench/workloads.js [deployments=1500] [replicas=100] [nodes=5000] [limits=true] [bind=false]

import type { Pod } from '../src/model/types.js';
import { buildScenario } from '../src/scenario/build.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import type { Sim } from '../src/sim/assemble.js';
import { makeDispatch } from '../src/sim/assemble.js';
import { createSim } from '../src/sim/setup.js';

export interface WorkloadBenchResult {
  deployments: number;
  replicas: number;
  nodes: number;
  apiRateLimits: boolean;
  bind: boolean;
  pods: number;
  running: number;
  lastPodCreatedS: number;
  lastPodStartedS: number;
  events: number;
  wallS: number;
  eventsPerS: number;
  heapMiB: number;
}

export function runWorkloadBench(
  deployments: number,
  replicas: number,
  nodes: number,
  limits: boolean,
  bind: boolean,
): WorkloadBenchResult {
  const workloads = Array.from({ length: deployments }, (_, i) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}` },
    spec: {
      replicas,
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      },
    },
  }));
  const scenario = scenarioSchema.parse({
    apiVersion: 'kubesim/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'bench-workloads' },
    spec: {
      duration: limits ? '4h' : '10m',
      controllerManager: { apiRateLimits: limits },
      metrics: { interval: '1m' },
      cluster: {
        nodePools: [
          {
            name: 'n',
            count: nodes,
            zones: ['a', 'b', 'c'],
            capacity: { cpu: '64', memory: '256Gi', pods: 110 },
          },
        ],
      },
      workloads,
    },
  });
  const start = process.hrtime.bigint(); // wall-clock-ok: benchmark
  const built = buildScenario(scenario);
  const sim = createSim(built);
  const dispatch = makeDispatch(sim);
  const binder = bind ? roundRobinBinder(sim) : null;
  sim.engine.run({ untilUs: built.config.durationUs, maxEvents: built.config.maxEvents }, (e) => {
    dispatch(e);
    binder?.();
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const events = sim.engine.eventsDispatched;
  const pods = sim.state.podHistory;
  return {
    deployments,
    replicas,
    nodes,
    apiRateLimits: limits,
    bind,
    pods: pods.length,
    running: sim.state.podBuckets.running,
    lastPodCreatedS: pods.reduce((m, p) => Math.max(m, p.createdUs), 0) / 1e6,
    lastPodStartedS: pods.reduce((m, p) => Math.max(m, p.startedUs ?? 0), 0) / 1e6,
    events,
    wallS,
    eventsPerS: events / wallS,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

/** BENCH-ONLY: binds new pods round-robin over the nodes (pod slots only), between events. */
function roundRobinBinder(sim: Sim): () => void {
  const queue: Pod[] = [];
  let cursor = 0;
  sim.state.watch({ podAdded: (pod) => queue.push(pod) });
  return () => {
    const nodes = sim.state.nodes;
    while (queue.length > 0) {
      const pod = queue.pop() as Pod;
      if (pod.nodeName !== null || pod.deletionUs !== null) continue;
      for (let tries = 0; tries < nodes.length; tries++) {
        const node = nodes[cursor++ % nodes.length];
        if (node !== undefined && node.pods.size < node.allocatable.allowedPodNumber) {
          sim.state.bindPod(pod, node);
          break;
        }
      }
    }
  };
}

const [d = '1500', r = '100', n = '5000', l = 'true', b = 'false'] = process.argv.slice(2);
if (process.argv[1]?.endsWith('workloads.js')) {
  const res = runWorkloadBench(Number(d), Number(r), Number(n), l !== 'false', b === 'true');
  console.log(JSON.stringify(res, null, 2));
}
