// Turns a built scenario into a ready-to-run Sim: registers the initial nodes, creates the initial pods
// (binding those with spec.nodeName, as the API does for pods placed without the scheduler), and starts
// every component's loops at t = 0.

import { ScenarioPathError } from '../model/errors.js';
import { makeNode, makePod } from '../model/factory.js';
import { admitLimitRanges, limitRangerAnnotation } from '../model/limit-range.js';
import { createVolumeSeeds } from '../model/volume-seeds.js';
import { pdbInitFrom } from '../workloads/from-manifest.js';
import { Sim, type SimOptions } from './assemble.js';
import type { BuiltScenario, PodSeed } from './built.js';

export function createSim(built: BuiltScenario, opts: SimOptions = {}): Sim {
  const sim = new Sim(built, opts);
  const { state } = sim;
  for (const init of built.nodes) state.addNode(makeNode({ ...init, idx: state.allocateNodeIdx() }));
  createVolumeSeeds(state.volumes, built.volumes ?? [], sim.nowUs);
  sim.workloads.registerInitial();
  for (const seed of built.pdbs)
    sim.pdbs.create(
      pdbInitFrom(seed.manifest, seed.namespace, built.config.admission.pdbUnhealthyPodEvictionPolicy),
      0,
    );
  for (const seed of built.pods) createInitialPod(sim, built, seed);
  sim.start();
  return sim;
}

function createInitialPod(sim: Sim, built: BuiltScenario, seed: PodSeed): void {
  const { state } = sim;
  const m = seed.manifest;
  const limited = admitLimitRanges(m.spec, state.limitRanges(seed.namespace), built.config.admission);
  if ('error' in limited)
    throw new ScenarioPathError([...seed.path, 'spec'], `pods "${seed.name}" is forbidden: ${limited.error}`);
  const limitNote = limitRangerAnnotation(limited.annotation);
  let pod: ReturnType<typeof makePod>;
  try {
    pod = makePod({
      idx: state.allocatePodIdx(),
      namespace: seed.namespace,
      name: seed.name,
      labels: m.metadata.labels ?? {},
      annotations: { ...(m.metadata.annotations ?? {}), ...limitNote },
      owner: sim.workloads.ownerFor(seed),
      spec: limited.spec,
      createdUs: sim.nowUs,
      admission: built.config.admission,
      priorityClasses: sim.workloads.priorityClasses,
    });
  } catch (e) {
    throw new ScenarioPathError([...seed.path, 'spec'], (e as Error).message);
  }
  state.createPod(pod);
  if (pod.spec.nodeName !== undefined) {
    const node = state.node(pod.spec.nodeName);
    if (node) state.bindPod(pod, node);
  }
}
