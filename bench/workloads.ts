// Workload-controller benchmark (issue 6's everyday case): D Deployments x R replicas created at t = 0
// on N nodes. No scheduler runs here, so this measures the controllers alone: the Deployment and
// ReplicaSet syncs, slow-start batches, expectations, status writes and the API clients' token buckets.
// Reports wall time, simulated time until the last pod exists, events, and events per wall-second.
//
//   npm run build && node dist/bench/workloads.js [deployments=1500] [replicas=100] [nodes=5000] [limits=true]

import { runBuilt } from '../src/index.js';
import { buildScenario } from '../src/scenario/build.js';
import { scenarioSchema } from '../src/scenario/schema.js';

export interface WorkloadBenchResult {
  deployments: number;
  replicas: number;
  nodes: number;
  apiRateLimits: boolean;
  pods: number;
  lastPodCreatedS: number;
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
  let lastCreatedUs = 0;
  const { sim } = runBuilt(buildScenario(scenario), {
    sinks: {
      events: {
        write: (line: string) => {
          if (line.includes(',Pod,Created,'))
            lastCreatedUs = Math.round(Number(line.slice(0, line.indexOf(','))) * 1e6);
        },
      },
    },
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const events = sim.engine.eventsDispatched;
  return {
    deployments,
    replicas,
    nodes,
    apiRateLimits: limits,
    pods: sim.state.podHistory.length,
    lastPodCreatedS: lastCreatedUs / 1e6,
    events,
    wallS,
    eventsPerS: events / wallS,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

const [d = '1500', r = '100', n = '5000', l = 'true'] = process.argv.slice(2);
if (process.argv[1]?.endsWith('workloads.js')) {
  const res = runWorkloadBench(Number(d), Number(r), Number(n), l !== 'false');
  console.log(JSON.stringify(res, null, 2));
}
