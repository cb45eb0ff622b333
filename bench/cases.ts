// Whole-simulation benchmark cases (issue 6), each a scenario generated as YAML text and loaded through
// the ordinary loader, so a benchmark runs exactly what a user's scenario would:
// - B1 heartbeats: N nodes, 1 h, every lease renewal, status tick and monitor pass, no pods.
// - B2 burst: 1 500 Deployments x 100 replicas (mixed requests) created at once onto 5000 nodes, default
//   profile; the run lasts until every pod is bound. `pct` sets percentageOfNodesToScore (0 = adaptive).
// - B3 outage: 5000 nodes in 3 zones carrying 150 000 pods; zone-a fails once every pod is bound and
//   running (55 m: the scheduler binds 50 pods/s, its upstream client QPS, so 150 000 take 50 min);
//   1 h of virtual time after that, with evictions, replacements and rescheduling.
// - B8-autoscaler: the B2 burst (150 000 pods) onto 100 nodes in three autoscaled node groups (one per
//   zone, 30 pods per node, max 5000 nodes in all): the cluster-autoscaler grows them to 5000 nodes; the
//   run lasts until every pod is bound.
// The workload controllers' client limits are off in B2, B3 and B8-autoscaler so the pods exist at once (the burst);
// the scheduler's own client limit (50 QPS, burst 100) stays, as upstream.

export interface BenchCase {
  readonly name: string;
  readonly description: string;
  readonly nodes: number;
  readonly pods: number;
  /** Scenario text. */
  readonly yaml: string;
  /** Stop as soon as this many pods are bound (B2), else run the whole duration. */
  readonly stopWhenScheduled?: number;
}

export interface CaseParams {
  readonly nodes?: number;
  readonly pods?: number;
  readonly pct?: number;
}

const ZONES = '[zone-a, zone-b, zone-c]';
const SHAPES = [
  { cpu: '100m', memory: '128Mi' },
  { cpu: '250m', memory: '256Mi' },
  { cpu: '500m', memory: '1Gi' },
  { cpu: '1', memory: '2Gi' },
];

function header(name: string, duration: string, extraSpec = ''): string {
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ${name}}
spec:
  seed: 1
  duration: ${duration}
  maxEvents: 2000000000
${extraSpec}`;
}

function pool(nodes: number): string {
  return `  cluster:
    nodePools:
      - {name: n, count: ${nodes}, zones: ${ZONES}, capacity: {cpu: "32", memory: 128Gi, pods: 110}}
`;
}

/** `deployments` Deployments of `replicas` pods each, cycling through four request shapes. */
export function deploymentsYaml(deployments: number, replicas: number): string {
  let out = '  workloads:\n';
  for (let d = 0; d < deployments; d++) {
    const shape = SHAPES[d % SHAPES.length] as (typeof SHAPES)[number];
    out += `    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: app-${d}}, spec: {replicas: ${replicas}, selector: {matchLabels: {app: app-${d}}}, template: {metadata: {labels: {app: app-${d}}}, spec: {containers: [{name: c, image: app:1, resources: {requests: {cpu: ${shape.cpu}, memory: ${shape.memory}}}}]}}}}\n`;
  }
  return out;
}

export function b1(p: CaseParams = {}): BenchCase {
  const nodes = p.nodes ?? 5000;
  return {
    name: 'B1-heartbeats',
    description: `${nodes} nodes, 1 h, every lease renewal, status tick and monitor pass, no pods`,
    nodes,
    pods: 0,
    yaml: `${header('bench-b1', '1h')}${pool(nodes)}  metrics: {interval: 60s}\n`,
  };
}

function splitPods(pods: number): { deployments: number; replicas: number } {
  const replicas = 100;
  return { deployments: Math.max(1, Math.round(pods / replicas)), replicas };
}

export function b2(p: CaseParams = {}): BenchCase {
  const nodes = p.nodes ?? 5000;
  const { deployments, replicas } = splitPods(p.pods ?? nodes * 30);
  const pct = p.pct ?? 0;
  return {
    name: pct === 0 ? 'B2-burst' : `B2-burst-pct${pct}`,
    description: `${deployments * replicas} pods (${deployments} Deployments x ${replicas}) at once onto ${nodes} nodes, percentageOfNodesToScore ${pct}`,
    nodes,
    pods: deployments * replicas,
    stopWhenScheduled: deployments * replicas,
    yaml:
      header('bench-b2', '3h', '  controllerManager: {apiRateLimits: false}\n') +
      pool(nodes) +
      `  scheduler: {percentageOfNodesToScore: ${pct}}\n` +
      deploymentsYaml(deployments, replicas) +
      '  metrics: {interval: 60s}\n',
  };
}

export function b3(p: CaseParams = {}): BenchCase {
  const nodes = p.nodes ?? 5000;
  const { deployments, replicas } = splitPods(p.pods ?? nodes * 30);
  const pods = deployments * replicas;
  // Bound at clientConnection.qps 50 (kube-scheduler config/v1 default), plus 5 min for the last
  // containers to start, so the zone fails under a fully loaded cluster.
  const outageMin = Math.ceil(pods / 50 / 60) + 5;
  return {
    name: 'B3-outage',
    description: `${nodes} nodes in 3 zones, ${pods} pods, zone-a fails at ${outageMin}m, 1 h after that`,
    nodes,
    pods,
    yaml:
      header('bench-b3', `${outageMin + 60}m`, '  controllerManager: {apiRateLimits: false}\n') +
      pool(nodes) +
      deploymentsYaml(deployments, replicas) +
      `  faults:\n    - {at: ${outageMin}m, action: zone-outage, zone: zone-a}\n` +
      '  metrics: {interval: 60s}\n',
  };
}

/**
 * B7 HPA day: `hpas` Deployments, each with an HPA (cpu 50 %, 2-40 replicas) and a daily demand curve
 * (40-750 req/s x 10m cpu per request, so 2-30 replicas), peaks spread over the day, 5 % usage noise,
 * on N nodes for 24 h: metrics-server scrapes and HPA syncs every 15 s. `pods` is the fleet's peak
 * size (30 per HPA). Each Deployment starts at the size its curve asks for at t = 0.
 */
export function b7(p: CaseParams = {}): BenchCase {
  const nodes = p.nodes ?? 5000;
  const hpas = Math.max(1, Math.round((p.pods ?? 15_000) / 30));
  let workloads = '  workloads:\n';
  let load = '  load:\n';
  for (let d = 0; d < hpas; d++) {
    const peakH = (d * 7) % 24;
    const demand0 = 395 + 355 * Math.cos((2 * Math.PI * (0 - peakH)) / 24);
    const replicas = Math.max(2, Math.ceil(demand0 / 25));
    workloads += `    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: app-${d}}, spec: {replicas: ${replicas}, selector: {matchLabels: {app: app-${d}}}, template: {metadata: {labels: {app: app-${d}}}, spec: {containers: [{name: c, image: app:1, resources: {requests: {cpu: 500m, memory: 512Mi}}}]}}}}\n`;
    workloads += `    - {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: app-${d}}, spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${d}}, minReplicas: 2, maxReplicas: 40, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]}}\n`;
    load += `    - {workload: Deployment/app-${d}, demand: {daily: {min: 40, max: 750, peakAt: ${peakH}h}}, perUnit: {cpu: 10m, memory: 1Mi}, idle: {cpu: 5m, memory: 200Mi}, noise: 0.05}\n`;
  }
  return {
    name: 'B7-hpa',
    description: `${hpas} Deployments with HPAs following daily curves (peak ${hpas * 30} pods) on ${nodes} nodes, 24 h`,
    nodes,
    pods: hpas * 30,
    yaml: `${header('bench-b7', '24h')}${pool(nodes)}${workloads}${load}  metrics: {interval: 60s}\n`,
  };
}

export function b8Autoscaler(p: CaseParams = {}): BenchCase {
  const nodes = p.nodes ?? 5000;
  const { deployments, replicas } = splitPods(p.pods ?? nodes * 30);
  const pods = deployments * replicas;
  const start = Math.max(3, Math.round(nodes / 50));
  const perGroup = Math.ceil(nodes / 3);
  return {
    name: 'B8-autoscaler',
    description: `${pods} pods at once onto ${start} nodes; 3 node groups (max ${perGroup} each, 30 pods per node) grow to ${nodes}`,
    nodes,
    pods,
    stopWhenScheduled: pods,
    yaml:
      header('bench-b8-autoscaler', '3h', '  controllerManager: {apiRateLimits: false}\n') +
      `  cluster:
    nodePools:
      - {name: n, count: ${start}, zones: ${ZONES}, capacity: {cpu: "32", memory: 128Gi, pods: 30}, autoscaling: {minSize: 1, maxSize: ${perGroup}}}
  autoscaler: {balanceSimilarNodeGroups: true, maxNodesTotal: ${nodes}}
` +
      deploymentsYaml(deployments, replicas) +
      '  metrics: {interval: 60s}\n',
  };
}

export const CASES = { B1: b1, B2: b2, B3: b3, B7: b7, 'B8-autoscaler': b8Autoscaler } as const;
export type CaseName = keyof typeof CASES;

/** The case named `name`, whatever its letter case (b2, B8-AUTOSCALER). */
export function caseNamed(name: string): CaseName | undefined {
  return (Object.keys(CASES) as CaseName[]).find((k) => k.toUpperCase() === name.toUpperCase());
}

// Scenario-file cases (issue 16): the failure-heavy and very large runs users make, each a whole
// `kubesim run` of a file under scenarios/scale/bench/ (bench/run-scenario.ts). `smoke` sets shrink them
// to a few seconds for CI's bench smoke (same shapes, fewer nodes and pods).
export interface ScenarioCase {
  readonly file: string;
  readonly description: string;
  readonly smoke: readonly string[];
  /** V8 old-space limit of the child process (MiB); B6-burst holds a million pods. */
  readonly heapMiB?: number;
}

const REPLICAS_0 = 'spec.workloads[0].spec.replicas';
export const SCENARIO_CASES = {
  B4: {
    file: 'scenarios/scale/bench/b4-zone-partition-storm.yaml',
    description:
      '3 zones x 1667 nodes, 20 000 replicas with a DoNotSchedule zone spread, zone-b partitioned 10m-30m, 45 min',
    smoke: ['spec.cluster.nodePools[0].count=60', `${REPLICAS_0}=600`],
  },
  B5: {
    file: 'scenarios/scale/bench/b5-never-fit.yaml',
    description: '45 000 one-cpu replicas onto 5000 eight-cpu nodes (5 000 never fit), 30 min',
    smoke: ['spec.cluster.nodePools[0].count=60', `${REPLICAS_0}=540`],
  },
  B9: {
    file: 'scenarios/scale/bench/b9-anti-affinity-hostname.yaml',
    description:
      '6000 replicas with required hostname pod anti-affinity onto 5000 nodes (1000 never fit), 30 min',
    smoke: ['spec.cluster.nodePools[0].count=60', `${REPLICAS_0}=72`],
  },
  B6: {
    file: 'scenarios/scale/bench/b6-heartbeats-65k.yaml',
    description: '65 000 nodes, 1 h of heartbeats, no pods',
    smoke: ['spec.cluster.nodePools[0].count=200'],
  },
  B10: {
    file: 'scenarios/scale/bench/b10-preemption-storm.yaml',
    description:
      '5000 nodes full of 40 000 low-priority pods; at 5m 5 000 high-priority pods preempt 10 000, 20 min',
    smoke: [
      'spec.cluster.nodePools[0].count=60',
      'spec.workloads[1].spec.replicas=480',
      'spec.operations[0].replicas=60',
    ],
  },
  'B6-burst': {
    file: 'scenarios/scale/bench/b6-burst-1m.yaml',
    description: '1 000 000 pods (10 Deployments x 100 000) at once onto 65 000 nodes, 10 min',
    smoke: [
      'spec.cluster.nodePools[0].count=100',
      ...Array.from({ length: 10 }, (_, i) => `spec.workloads[${i}].spec.replicas=100`),
    ],
    heapMiB: 12288,
  },
} as const satisfies Record<string, ScenarioCase>;
export type ScenarioCaseName = keyof typeof SCENARIO_CASES;

/** `kubesim run` arguments of a scenario case (the scenario file, then the smoke-size --set list). */
export function scenarioCaseArgs(name: ScenarioCaseName, smoke: boolean): string[] {
  const c: ScenarioCase = SCENARIO_CASES[name];
  return [c.file, ...(smoke ? c.smoke.flatMap((s) => ['--set', s]) : [])];
}
