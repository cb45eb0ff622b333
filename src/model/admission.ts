// kube-apiserver admission applied to every pod on create:
// - DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go, on by default):
//   adds not-ready:NoExecute and unreachable:NoExecute tolerations with tolerationSeconds 300 unless the
//   pod already tolerates that key (or all keys) with effect NoExecute (or any effect).
// - Priority (plugin/pkg/admission/priority): spec.priority from priorityClassName, the global default
//   PriorityClass, or 0; the two system classes are built in.

import { TaintNodeNotReady, TaintNodeUnreachable, type Toleration } from './types.js';

export interface AdmissionConfig {
  readonly defaultTolerationSeconds: boolean;
  readonly defaultNotReadyTolerationSeconds: number;
  readonly defaultUnreachableTolerationSeconds: number;
  readonly priority: boolean;
  /** Feature gate PodLevelResources (kube-apiserver and kube-scheduler): beta, on by default from 1.34. */
  readonly podLevelResources: boolean;
  /** PodDisruptionConditions: the Eviction API writes DisruptionTarget before deleting (beta 1.26, GA 1.31). */
  readonly podDisruptionConditions: boolean;
  /** PDBUnhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy is kept and honoured (beta 1.27, GA 1.31). */
  readonly pdbUnhealthyPodEvictionPolicy: boolean;
}

export const DEFAULT_ADMISSION: AdmissionConfig = {
  defaultTolerationSeconds: true,
  defaultNotReadyTolerationSeconds: 300,
  defaultUnreachableTolerationSeconds: 300,
  priority: true,
  podLevelResources: true,
  podDisruptionConditions: true,
  pdbUnhealthyPodEvictionPolicy: true,
};

export interface PriorityClass {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/** scheduling.k8s.io system classes (pkg/apis/scheduling/types.go SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    name: 'system-node-critical',
    value: 2_000_001_000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    name: 'system-cluster-critical',
    value: 2_000_000_000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
];

function toleratesNoExecuteKey(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some(
    (t) =>
      (t.effect === undefined || t.effect === 'NoExecute') &&
      (t.key === undefined || t.key === '' || t.key === key),
  );
}

export function withDefaultTolerations(
  tolerations: readonly Toleration[],
  cfg: AdmissionConfig,
): readonly Toleration[] {
  if (!cfg.defaultTolerationSeconds) return tolerations;
  const out = [...tolerations];
  if (!toleratesNoExecuteKey(tolerations, TaintNodeNotReady)) {
    out.push({
      key: TaintNodeNotReady,
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: cfg.defaultNotReadyTolerationSeconds,
    });
  }
  if (!toleratesNoExecuteKey(tolerations, TaintNodeUnreachable)) {
    out.push({
      key: TaintNodeUnreachable,
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: cfg.defaultUnreachableTolerationSeconds,
    });
  }
  return out;
}

/** Resolves spec.priority; throws if priorityClassName names no class (the API rejects such a pod). */
export function resolvePriority(
  spec: {
    priority?: number;
    priorityClassName?: string;
    preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  },
  classes: ReadonlyMap<string, PriorityClass>,
): { priority: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never' } {
  if (spec.priorityClassName) {
    const pc = classes.get(spec.priorityClassName);
    if (!pc) throw new Error(`no PriorityClass with name ${spec.priorityClassName} was found`);
    return { priority: pc.value, preemptionPolicy: spec.preemptionPolicy ?? pc.preemptionPolicy };
  }
  const global = [...classes.values()].find((c) => c.globalDefault);
  return {
    priority: spec.priority ?? global?.value ?? 0,
    preemptionPolicy: spec.preemptionPolicy ?? global?.preemptionPolicy ?? 'PreemptLowerPriority',
  };
}
