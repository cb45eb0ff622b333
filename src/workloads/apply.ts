// Creating a workload object from a manifest, and updating one in place as `kubectl apply` does: the
// spec fields a user may change are replaced (a Deployment's replicas, template, strategy and
// minReadySeconds; a ReplicaSet's replicas; a DaemonSet's template; a Job's parallelism), and a change
// the API forbids (a Job's pod template, selectors) is refused with the API's message.

import {
  cronJobFrom,
  cronJobSpecFields,
  daemonSetFrom,
  daemonSetRollingUpdateError,
  daemonSetStrategy,
  daemonSetTemplateHash,
  deploymentFrom,
  deploymentStrategy,
  jobFrom,
  type ObjectInit,
  replicaSetFrom,
  replicationControllerFrom,
  statefulSetFrom,
  statefulSetRevision,
  statefulSetStrategy,
} from './from-manifest.js';
import type { WorkloadSeed } from './inputs.js';
import { canonicalJson, templateTextOf } from './names.js';
import type { Workload } from './objects.js';

export function createWorkloadObject(
  seed: Pick<WorkloadSeed, 'kind' | 'manifest'>,
  init: ObjectInit,
): Workload {
  switch (seed.kind) {
    case 'Deployment':
      return deploymentFrom(seed.manifest as Extract<WorkloadSeed, { kind: 'Deployment' }>['manifest'], init);
    case 'ReplicaSet':
      return replicaSetFrom(seed.manifest as Extract<WorkloadSeed, { kind: 'ReplicaSet' }>['manifest'], init);
    case 'DaemonSet':
      return daemonSetFrom(seed.manifest as Extract<WorkloadSeed, { kind: 'DaemonSet' }>['manifest'], init);
    case 'Job':
      return jobFrom(seed.manifest as Extract<WorkloadSeed, { kind: 'Job' }>['manifest'], init);
    case 'StatefulSet':
      return statefulSetFrom(
        seed.manifest as Extract<WorkloadSeed, { kind: 'StatefulSet' }>['manifest'],
        init,
      );
    case 'CronJob':
      return cronJobFrom(seed.manifest as Extract<WorkloadSeed, { kind: 'CronJob' }>['manifest'], init);
    case 'ReplicationController':
      return replicationControllerFrom(
        seed.manifest as Extract<WorkloadSeed, { kind: 'ReplicationController' }>['manifest'],
        init,
      );
  }
}

/** Applies a new manifest to an existing object; returns the API's error, or null. */
export function updateWorkloadObject(obj: Workload, m: WorkloadSeed['manifest']): string | null {
  if (m.kind !== obj.kind) return `kind mismatch: ${m.kind} vs ${obj.kind}`;
  switch (obj.kind) {
    case 'Deployment': {
      const s = (m as Extract<WorkloadSeed, { kind: 'Deployment' }>['manifest']).spec;
      if (canonicalJson(s.selector) !== canonicalJson(obj.selector))
        return 'field is immutable: spec.selector';
      obj.replicas = s.replicas ?? 1;
      obj.template = s.template;
      obj.templateText = templateTextOf(s.template);
      obj.strategy = deploymentStrategy(s);
      obj.minReadySeconds = s.minReadySeconds ?? 0;
      obj.revisionHistoryLimit = s.revisionHistoryLimit ?? 10;
      obj.paused = s.paused ?? false;
      obj.progressDeadlineSeconds = s.progressDeadlineSeconds ?? 600;
      return null;
    }
    case 'CronJob': {
      Object.assign(
        obj,
        cronJobSpecFields((m as Extract<WorkloadSeed, { kind: 'CronJob' }>['manifest']).spec),
      );
      return null;
    }
    case 'ReplicationController':
    case 'ReplicaSet': {
      const s = (m as Extract<WorkloadSeed, { kind: 'ReplicaSet' }>['manifest']).spec;
      obj.replicas = s.replicas ?? 1;
      obj.minReadySeconds = s.minReadySeconds ?? 0;
      return null;
    }
    case 'DaemonSet': {
      const s = (m as Extract<WorkloadSeed, { kind: 'DaemonSet' }>['manifest']).spec;
      const invalid = daemonSetRollingUpdateError(s);
      if (invalid !== null) return `spec.updateStrategy.rollingUpdate.${invalid.field}: ${invalid.message}`;
      obj.template = s.template;
      if (daemonSetTemplateHash(s.template) !== obj.templateHash) obj.templateGeneration = null;
      obj.templateHash = daemonSetTemplateHash(s.template);
      obj.minReadySeconds = s.minReadySeconds ?? 0;
      obj.updateStrategy = daemonSetStrategy(s);
      return null;
    }
    case 'Job': {
      const s = (m as Extract<WorkloadSeed, { kind: 'Job' }>['manifest']).spec;
      if (canonicalJson(s.template) !== canonicalJson(obj.template))
        return 'field is immutable: spec.template';
      obj.parallelism = s.parallelism ?? 1;
      obj.suspend = s.suspend ?? false;
      return null;
    }
    case 'StatefulSet': {
      // ValidateStatefulSetUpdate: only replicas, ordinals, template, updateStrategy,
      // persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
      const s = (m as Extract<WorkloadSeed, { kind: 'StatefulSet' }>['manifest']).spec;
      if (
        canonicalJson(s.selector) !== canonicalJson(obj.selector) ||
        (s.serviceName ?? '') !== obj.serviceName
      )
        return "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
      obj.replicas = s.replicas ?? 1;
      obj.template = s.template;
      obj.revision = statefulSetRevision(obj.name, s.template);
      obj.revisions.set(obj.revision, s.template);
      obj.updateStrategy = statefulSetStrategy(s);
      obj.minReadySeconds = s.minReadySeconds ?? 0;
      return null;
    }
  }
}
