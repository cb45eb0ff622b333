// Builds small node-health scenarios as YAML text for variant tests: a pool spread over zones, one pod
// per listed node, faults and extra spec lines as given.

export interface ScenarioOptions {
  readonly name?: string;
  readonly duration?: string;
  readonly version?: string;
  /** Nodes per zone and zone names; nodes are named node-<zone suffix>-<nn>. */
  readonly zones?: readonly string[];
  readonly perZone?: number;
  readonly kubelet?: string;
  readonly controllerManager?: string;
  /** Nodes that get one plain pod each (`<node>-p0`). */
  readonly podsOn?: readonly string[];
  readonly faults?: readonly string[];
  readonly extraPools?: readonly string[];
}

export function scenarioText(o: ScenarioOptions = {}): string {
  const zones = o.zones ?? ['zone-a', 'zone-b', 'zone-c'];
  const count = (o.perZone ?? 20) * zones.length;
  const lines = [
    'apiVersion: kubesim/v1alpha1',
    'kind: Scenario',
    `metadata: {name: ${o.name ?? 'variant'}}`,
    'spec:',
    `  duration: ${o.duration ?? '600s'}`,
    `  kubernetesVersion: "${o.version ?? '1.34'}"`,
    `  kubelet: ${o.kubelet ?? '{jitter: false}'}`,
  ];
  if (o.controllerManager) lines.push(`  controllerManager: ${o.controllerManager}`);
  lines.push('  cluster:', '    nodePools:');
  lines.push(
    `      - {name: node, count: ${count}, zones: [${zones.join(', ')}], capacity: {cpu: "8", memory: 32Gi}}`,
  );
  for (const p of o.extraPools ?? []) lines.push(`      - ${p}`);
  if (o.podsOn && o.podsOn.length > 0) {
    lines.push('  workloads:');
    for (const n of o.podsOn) {
      lines.push(
        `    - {apiVersion: v1, kind: Pod, metadata: {name: ${n}-p0}, spec: {nodeName: ${n}, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`,
      );
    }
  }
  if (o.faults && o.faults.length > 0) {
    lines.push('  faults:');
    for (const f of o.faults) lines.push(`    - ${f}`);
  }
  return `${lines.join('\n')}\n`;
}

export function names(zone: string, from: number, to: number): string[] {
  // Generated names pad node numbers to two digits whatever the pool's size (scenario/build.ts).
  return Array.from({ length: to - from + 1 }, (_, k) => `node-${zone}-${String(from + k).padStart(2, '0')}`);
}
