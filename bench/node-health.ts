// Node-health throughput benchmarks (issue 3, and B1 of issue 6): whole simulations through
// runSimulation, wall time measured outside the simulator.
//
//   node dist/bench/node-health.js [b1|outage|all] [nodes=5000]
//
// - b1:     N nodes in 3 zones, 1 h of virtual time, default kubelet (jitter on): every lease renewal,
//           status tick and monitor pass, nothing failing.
// - outage: N nodes in 3 zones with 10 pods per node; zone-a loses power at 10 m for 30 min, 1 h total:
//           detection, rate-limited tainting, 300 s evictions, recovery.

import { runSimulation } from '../src/index.js';
import { loadScenarioText } from '../src/scenario/load.js';

function scenarioText(kind: string, nodes: number): string {
  const outage = kind === 'outage';
  const faults = outage ? '  faults:\n    - {at: 10m, action: zone-outage, zone: zone-a, for: 30m}\n' : '';
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: bench-${kind}}
spec:
  duration: 1h
  kubelet: {jitter: ${process.env.JITTER ?? 'true'}}
  cluster:
    nodePools:
      - {name: node, count: ${nodes}, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "32", memory: 128Gi}}
${outage ? podsYaml(nodes, 10) : ''}${faults}  metrics: {interval: ${process.env.METRICS ?? '10s'}}
`;
}

/** `perNode` pods bound to every node (names as the node pool generates them). */
function podsYaml(nodes: number, perNode: number): string {
  const zones = ['a', 'b', 'c'];
  const width = Math.max(2, String(Math.ceil(nodes / 3)).length);
  const lines = ['  workloads:'];
  for (let i = 0; i < nodes; i++) {
    const node = `node-${zones[i % 3]}-${String(Math.floor(i / 3) + 1).padStart(width, '0')}`;
    for (let k = 0; k < perNode; k++) {
      lines.push(
        `    - {apiVersion: v1, kind: Pod, metadata: {name: ${node}-p${k}}, spec: {nodeName: ${node}, containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function runBench(
  kind: string,
  nodes: number,
): { wallS: number; cpuS: number; events: number; rows: number; evictions: number; unknownPeak: number } {
  const { scenario } = loadScenarioText(scenarioText(kind, nodes), `bench-${kind}.yaml`);
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const { sim } = runSimulation(scenario, {});
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    events: sim.engine.eventsDispatched,
    rows: sim.log.rowCount,
    evictions: sim.state.counters.evictions,
    unknownPeak: Math.max(...sim.metrics.samples.map((x) => x.nodesUnknown)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'all';
  const nodes = Number(process.argv[3] ?? 5000);
  for (const kind of which === 'all' ? ['b1', 'outage'] : [which]) {
    const r = runBench(kind, nodes);
    console.log(
      `${kind}: nodes=${nodes} wall=${r.wallS.toFixed(3)}s cpu=${r.cpuS.toFixed(3)}s events=${r.events} ` +
        `rows=${r.rows} nodes_unknown_peak=${r.unknownPeak} evictions=${r.evictions}`,
    );
  }
}
