// Test helper: a scenario of one Deployment `web` (selector app=web, one container `c` of image v1
// requesting 100m CPU) on three idle nodes p-01..p-03, kubelet jitter and API rate limits off, so a test
// can bring it to a steady state and drive the Deployment and ReplicaSet controllers directly.

export interface DeploymentScenarioOptions {
  readonly replicas: number;
  /** The strategy as YAML flow text, e.g. `{type: Recreate}`. */
  readonly strategy: string;
  readonly minReadySeconds?: number;
  readonly progressDeadlineSeconds?: number;
  /** Scenario operations as YAML flow mappings, e.g. `{at: 20s, action: cordon, nodes: [p-01]}`. */
  readonly operations?: readonly string[];
}

export function deploymentScenario(o: DeploymentScenarioOptions): string {
  const optional = [
    o.minReadySeconds === undefined ? '' : `        minReadySeconds: ${o.minReadySeconds}\n`,
    o.progressDeadlineSeconds === undefined
      ? ''
      : `        progressDeadlineSeconds: ${o.progressDeadlineSeconds}\n`,
  ].join('');
  const ops = o.operations?.length
    ? `  operations:\n${o.operations.map((op) => `    - ${op}\n`).join('')}`
    : '';
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dep}
spec:
  duration: 10m
  kubelet: {jitter: false}
  controllerManager: {apiRateLimits: false}
  cluster:
    nodePools: [{name: p, count: 3, capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${o.replicas}
${optional}        strategy: ${o.strategy}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: v1, resources: {requests: {cpu: 100m}}}]}
${ops}`;
}
