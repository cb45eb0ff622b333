// What the scenario builder hands the workload controllers: the workload objects and pods a run starts
// with (seeds, in manifest form, with the path that declared them), and the ownerReference helpers
// that resolve a manifest's controller among the scenario's objects.

import type { PathSegment } from '../model/errors.js';
import type { PodManifest } from '../model/k8s-schema.js';
import type {
  CronJobManifest,
  DaemonSetManifest,
  DeploymentManifest,
  JobManifest,
  PodDisruptionBudgetManifest,
  ReplicaSetManifest,
  ReplicationControllerManifest,
  StatefulSetManifest,
} from '../model/k8s-workload-schema.js';

export type ControllerKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'DaemonSet'
  | 'Job'
  | 'ReplicationController'
  | 'StatefulSet';
const CONTROLLER_KINDS: readonly string[] = [
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
  'StatefulSet',
];

export function isControllerKind(kind: string): kind is ControllerKind {
  return CONTROLLER_KINDS.includes(kind);
}

/** The ownerReference that names an object's controller: `controller: true`, else the first one. */
export function controllerRef(m: {
  metadata?: {
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean | undefined }> | undefined;
  };
}): { kind: string; name: string } | undefined {
  const refs = m.metadata?.ownerReferences ?? [];
  return refs.find((r) => r.controller === true) ?? refs[0];
}

export type WorkloadSeed =
  | {
      readonly kind: 'Deployment';
      readonly manifest: DeploymentManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: null;
    }
  | {
      readonly kind: 'ReplicaSet';
      readonly manifest: ReplicaSetManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: { kind: 'Deployment'; name: string } | null;
    }
  | {
      readonly kind: 'DaemonSet';
      readonly manifest: DaemonSetManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: null;
    }
  | {
      readonly kind: 'Job';
      readonly manifest: JobManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      /** A Job a CronJob started (cronjob_controllerv2.go getJobFromTemplate2 sets the controllerRef). */
      readonly owner: { kind: 'CronJob'; name: string } | null;
    }
  | {
      readonly kind: 'CronJob';
      readonly manifest: CronJobManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: null;
    }
  | {
      readonly kind: 'ReplicationController';
      readonly manifest: ReplicationControllerManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: null;
    }
  | {
      readonly kind: 'StatefulSet';
      readonly manifest: StatefulSetManifest;
      readonly namespace: string;
      readonly path: readonly PathSegment[];
      readonly owner: null;
    };

export interface PodSeedInit {
  readonly manifest: PodManifest;
  readonly namespace: string;
  readonly name: string;
  readonly path: readonly PathSegment[];
  /** The controller named by the pod's ownerReferences, when that object is in the scenario. */
  readonly owner?: { readonly kind: ControllerKind; readonly name: string };
}

/** A PodDisruptionBudget (policy/v1) of spec.workloads or a kubectl dump. */
export interface PdbSeed {
  readonly manifest: PodDisruptionBudgetManifest;
  readonly namespace: string;
  readonly path: readonly PathSegment[];
}
