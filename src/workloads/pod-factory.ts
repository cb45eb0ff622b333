// Pods stamped from a pod template (controller.GetPodFromTemplate): the template's labels and
// annotations, the controller's ownerReference, then API admission (makePod: DefaultTolerationSeconds,
// Priority) and the write (ClusterState.createPod, which emits Created). A pod the API would reject
// (e.g. an unknown priorityClassName) is not created; the caller gets the reason, as a FailedCreate.

import type { Rng } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import type { AdmissionConfig, PriorityClass } from '../model/admission.js';
import type { ClusterState } from '../model/cluster-state.js';
import { makePod } from '../model/factory.js';
import type { PodSpecManifest, PodTemplateManifest } from '../model/k8s-schema.js';
import { admitLimitRanges, limitRangerAnnotation } from '../model/limit-range.js';
import type { OwnerReference, Pod } from '../model/types.js';
import { randomSuffix } from './names.js';

export interface PodRequest {
  readonly namespace: string;
  /** metadata.generateName: a random 5-character suffix is appended (util/rand.String(5)). */
  readonly generateName?: string;
  /** Or a fixed name. */
  readonly name?: string;
  readonly owner: OwnerReference | null;
  readonly template: PodTemplateManifest;
  readonly extraLabels?: Readonly<Record<string, string>>;
  readonly extraAnnotations?: Readonly<Record<string, string>>;
  /** Replaces the template's spec (DaemonSet node affinity and tolerations). */
  readonly spec?: PodSpecManifest;
}

/** What creating a pod needs of the simulation: the store, the clock and the admission settings. */
export interface PodFactoryContext {
  readonly state: ClusterState;
  readonly nowUs: TimeUs;
  readonly config: { readonly admission: AdmissionConfig };
}

export type CreateResult = { readonly pod: Pod } | { readonly error: string };

const MAX_NAME_DRAWS = 16;

export function createPodFromTemplate(
  sim: PodFactoryContext,
  req: PodRequest,
  names: Rng,
  priorityClasses: ReadonlyMap<string, PriorityClass>,
): CreateResult {
  // uniqueName already checked its draw; a fixed name may collide.
  const name = req.name ?? uniqueName(sim, req.namespace, req.generateName ?? 'pod-', names);
  if (name === null) return { error: `could not generate a unique name from "${req.generateName}"` };
  if (req.name !== undefined && sim.state.pod(`${req.namespace}/${name}`) !== undefined) {
    return { error: `pods "${name}" already exists` };
  }
  const meta = req.template.metadata;
  // LimitRanger (plugin/pkg/admission/limitranger): defaults, then min/max/ratio, before the write.
  const limited = admitLimitRanges(req.spec ?? req.template.spec, sim.state.limitRanges(req.namespace));
  if ('error' in limited) return { error: `pods "${name}" is forbidden: ${limited.error}` };
  const limitNote = limitRangerAnnotation(limited.annotation);
  let pod: Pod;
  try {
    pod = makePod({
      idx: sim.state.allocatePodIdx(),
      namespace: req.namespace,
      name,
      labels: { ...(meta?.labels ?? {}), ...(req.extraLabels ?? {}) },
      annotations: { ...(meta?.annotations ?? {}), ...(req.extraAnnotations ?? {}), ...limitNote },
      owner: req.owner,
      spec: limited.spec,
      createdUs: sim.nowUs,
      admission: sim.config.admission,
      priorityClasses,
    });
  } catch (e) {
    return { error: `pods "${name}" is forbidden: ${(e as Error).message}` };
  }
  sim.state.createPod(pod);
  return { pod };
}

function uniqueName(sim: PodFactoryContext, namespace: string, prefix: string, names: Rng): string | null {
  for (let i = 0; i < MAX_NAME_DRAWS; i++) {
    const name = `${prefix}${randomSuffix(names)}`;
    if (sim.state.pod(`${namespace}/${name}`) === undefined) return name;
  }
  return null;
}
