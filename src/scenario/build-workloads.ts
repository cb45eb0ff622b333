// spec.workloads -> what the run starts with: Pods (placed with spec.nodeName or left to the scheduler),
// workload objects for the controllers, user PriorityClasses, and warnings for kinds that are accepted
// but not simulated. The API server's validation of each object ran when the scenario was loaded
// (validate-manifests.ts); here come the checks across objects (unique names, nodeName targets, at most
// one globalDefault PriorityClass), and ownerReferences between objects of the same scenario are
// resolved, as in `kubectl get ... -o yaml` dumps.

import type { HpaManifest } from '../controllers/hpa/schema.js';
import type { PriorityClass } from '../model/admission.js';
import type { PathSegment, ScenarioWarning } from '../model/errors.js';
import { ScenarioPathError } from '../model/errors.js';
import { IGNORED_KIND_NOTE } from '../model/k8s-workload-schema.js';
import { type LimitRange, limitRangeFrom } from '../model/limit-range.js';
import type { VolumeSeed } from '../model/volume-from-manifest.js';
import {
  controllerRef,
  isControllerKind,
  type PdbSeed,
  type PodSeedInit,
  type WorkloadSeed,
} from '../workloads/inputs.js';
import type { WorkloadManifest } from './schema.js';

export interface BuiltWorkloads {
  readonly pods: PodSeedInit[];
  readonly workloads: WorkloadSeed[];
  readonly priorityClasses: PriorityClass[];
  /** PodDisruptionBudgets (policy/v1), in scenario order. */
  readonly pdbs: PdbSeed[];
  /** LimitRanges, applied by the LimitRanger admission plugin to the pods of their namespace. */
  readonly limitRanges: LimitRange[];
  /** Labels of the Namespace objects in spec.workloads (namespaceSelector in pod affinity terms). */
  readonly namespaceLabels: Map<string, Readonly<Record<string, string>>>;
  /** HorizontalPodAutoscalers, for the HPA controller. */
  readonly hpas: { manifest: HpaManifest; namespace: string; path: readonly PathSegment[] }[];
  readonly warnings: ScenarioWarning[];
  /** StorageClasses, CSINodes, PersistentVolumes and PersistentVolumeClaims. */
  readonly volumes: VolumeSeed[];
}

export function buildWorkloads(
  list: readonly WorkloadManifest[],
  nodeNames: ReadonlySet<string>,
): BuiltWorkloads {
  const out: BuiltWorkloads = {
    pods: [],
    workloads: [],
    priorityClasses: [],
    pdbs: [],
    limitRanges: [],
    namespaceLabels: new Map(),
    hpas: [],
    warnings: [],
    volumes: [],
  };
  const seen = new Map<string, readonly PathSegment[]>();
  const unique = (kind: string, namespace: string, name: string, path: readonly PathSegment[]) => {
    const key = `${kind}/${namespace}/${name}`;
    const clash = seen.get(key);
    if (clash)
      throw new ScenarioPathError([...path, 'metadata', 'name'], `duplicate ${kind} ${namespace}/${name}`);
    seen.set(key, path);
  };
  list.forEach((w, i) => {
    const path: PathSegment[] = ['spec', 'workloads', i];
    const namespace = w.metadata?.namespace ?? 'default';
    switch (w.kind) {
      case 'Pod': {
        const name = w.metadata.name;
        if (!name) {
          throw new ScenarioPathError(
            [...path, 'metadata', 'name'],
            'a Pod in spec.workloads needs metadata.name (kubesim generates names only for the pods of controllers and arrivals)',
          );
        }
        unique('Pod', namespace, name, path);
        if (w.spec.nodeName !== undefined && !nodeNames.has(w.spec.nodeName)) {
          throw new ScenarioPathError(
            [...path, 'spec', 'nodeName'],
            `no node named "${w.spec.nodeName}" in spec.cluster`,
          );
        }
        out.pods.push({ manifest: w, namespace, name, path });
        return;
      }
      case 'PriorityClass':
        unique('PriorityClass', '', w.metadata.name, path);
        out.priorityClasses.push({
          name: w.metadata.name,
          value: w.value,
          globalDefault: w.globalDefault ?? false,
          preemptionPolicy: w.preemptionPolicy ?? 'PreemptLowerPriority',
        });
        return;
      case 'Deployment':
      case 'ReplicaSet':
      case 'DaemonSet':
      case 'StatefulSet':
        unique(w.kind, namespace, w.metadata.name, path);
        out.workloads.push({ kind: w.kind, manifest: w, namespace, path, owner: null } as WorkloadSeed);
        return;
      case 'StorageClass':
      case 'CSINode':
      case 'PersistentVolume':
        unique(w.kind, '', w.metadata.name, path);
        out.volumes.push({ kind: w.kind, manifest: w } as VolumeSeed);
        return;
      case 'PersistentVolumeClaim':
        unique(w.kind, namespace, w.metadata.name, path);
        out.volumes.push({ kind: w.kind, manifest: w, namespace });
        return;
      case 'Job':
        unique('Job', namespace, w.metadata.name, path);
        out.workloads.push({ kind: 'Job', manifest: w, namespace, path, owner: null });
        return;
      case 'PodDisruptionBudget':
        unique('PodDisruptionBudget', namespace, w.metadata.name, path);
        out.pdbs.push({ manifest: w, namespace, path });
        return;
      case 'HorizontalPodAutoscaler':
        unique('HorizontalPodAutoscaler', namespace, w.metadata.name, path);
        out.hpas.push({ manifest: w, namespace, path });
        return;
      case 'CronJob':
      case 'ReplicationController':
        unique(w.kind, namespace, w.metadata.name, path);
        out.workloads.push({ kind: w.kind, manifest: w, namespace, path, owner: null } as WorkloadSeed);
        return;
      case 'LimitRange':
        unique('LimitRange', namespace, w.metadata.name, path);
        out.limitRanges.push(limitRangeFrom(w, namespace));
        return;
      default:
        // Namespaces are implicit, but a Namespace's labels are what namespaceSelector matches.
        if (w.kind === 'Namespace' && w.metadata?.name !== undefined) {
          unique('Namespace', '', w.metadata.name, path);
          out.namespaceLabels.set(w.metadata.name, w.metadata.labels ?? {});
          return;
        }
        out.warnings.push({
          path: [...path, 'kind'],
          message: `${w.kind} "${w.metadata?.name ?? ''}" is accepted and ignored: ${IGNORED_KIND_NOTE[w.kind]}`,
        });
    }
  });
  const defaults = out.priorityClasses.filter((pc) => pc.globalDefault);
  if (defaults.length > 1) {
    throw new ScenarioPathError(
      ['spec', 'workloads'],
      `more than one globalDefault PriorityClass: ${defaults.map((d) => d.name).join(', ')}`,
    );
  }
  resolveOwners(out, seen);
  return out;
}

/** Links ownerReferences (controller: true) to objects of the same scenario by kind and name. */
function resolveOwners(out: BuiltWorkloads, seen: ReadonlyMap<string, unknown>): void {
  out.workloads.forEach((w, i) => {
    if (w.kind === 'Job') {
      // A Job a CronJob started: the CronJob sees it in its active list or history.
      const ref = controllerRef(w.manifest);
      if (ref?.kind === 'CronJob' && seen.has(`CronJob/${w.namespace}/${ref.name}`))
        out.workloads[i] = { ...w, owner: { kind: 'CronJob', name: ref.name } };
      return;
    }
    if (w.kind !== 'ReplicaSet') return;
    const ref = controllerRef(w.manifest);
    if (ref?.kind !== 'Deployment') return;
    if (seen.has(`Deployment/${w.namespace}/${ref.name}`)) {
      out.workloads[i] = { ...w, owner: { kind: 'Deployment', name: ref.name } };
    } else {
      out.warnings.push({
        path: [...w.path, 'metadata', 'ownerReferences'],
        message: `owner Deployment "${ref.name}" is not in the scenario; the ReplicaSet runs on its own`,
      });
    }
  });
  out.pods.forEach((p, i) => {
    const ref = controllerRef(p.manifest);
    if (ref === undefined) return;
    const kind = ref.kind;
    if (isControllerKind(kind) && seen.has(`${kind}/${p.namespace}/${ref.name}`)) {
      out.pods[i] = { ...p, owner: { kind, name: ref.name } };
    } else {
      out.warnings.push({
        path: [...p.path, 'metadata', 'ownerReferences'],
        message: `owner ${ref.kind} "${ref.name}" is not in the scenario; the pod is treated as a bare pod`,
      });
    }
  });
}
