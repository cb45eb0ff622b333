// DaemonSet pod shape and placement rules (pkg/controller/daemon/util/daemonset_util.go and
// daemon_controller.go NodeShouldRunDaemonPod): the tolerations every daemon pod gets
// (AddOrUpdateDaemonPodTolerations: not-ready and unreachable NoExecute without tolerationSeconds,
// disk/memory/pid-pressure and unschedulable NoSchedule, network-unavailable with hostNetwork), the
// node affinity that pins a pod to its node (ReplaceDaemonSetPodNodeNameNodeAffinity: a single
// matchFields term metadata.name In [node]), and whether a node should run / keep running the pod.

import type { PodSpecManifest } from '../model/k8s-schema.js';
import type { Affinity, Node } from '../model/types.js';
import {
  TaintNodeDiskPressure,
  TaintNodeMemoryPressure,
  TaintNodeNotReady,
  TaintNodePIDPressure,
  TaintNodeUnreachable,
  TaintNodeUnschedulable,
  type Toleration,
} from '../model/types.js';
import { fitsNodeAffinity, untoleratedTaint } from '../workloads/node-match.js';

export const TaintNodeNetworkUnavailable = 'node.kubernetes.io/network-unavailable';
/** apps/v1 DefaultDaemonSetUniqueLabelKey */
export const ControllerRevisionHashLabel = 'controller-revision-hash';
/** extensions DaemonSetTemplateGenerationKey: the template generation a daemon pod was created from. */
export const PodTemplateGenerationLabel = 'pod-template-generation';

type ManifestToleration = NonNullable<PodSpecManifest['tolerations']>[number];

export function daemonPodTolerations(spec: PodSpecManifest): ManifestToleration[] {
  const out: ManifestToleration[] = [...(spec.tolerations ?? [])];
  // v1helper.AddOrUpdateTolerationInPodSpec (pkg/apis/core/v1/helper/helpers.go): a toleration with the
  // same key, effect, operator and value is *replaced* in place by the default one unless it is identical,
  // so a template's `not-ready:NoExecute Exists` with tolerationSeconds loses its seconds.
  const add = (key: string, effect: 'NoExecute' | 'NoSchedule') => {
    const i = out.findIndex(
      (t) => t.key === key && t.effect === effect && t.operator === 'Exists' && (t.value ?? '') === '',
    );
    if (i < 0) out.push({ key, operator: 'Exists', effect });
    else out[i] = { key, operator: 'Exists', effect };
  };
  add(TaintNodeNotReady, 'NoExecute');
  add(TaintNodeUnreachable, 'NoExecute');
  add(TaintNodeDiskPressure, 'NoSchedule');
  add(TaintNodeMemoryPressure, 'NoSchedule');
  add(TaintNodePIDPressure, 'NoSchedule');
  add(TaintNodeUnschedulable, 'NoSchedule');
  if (spec.hostNetwork) add(TaintNodeNetworkUnavailable, 'NoSchedule');
  return out;
}

/** The template's spec with the daemon tolerations (the controller's view before pinning to a node). */
export function daemonPodSpec(spec: PodSpecManifest): PodSpecManifest {
  return { ...spec, tolerations: daemonPodTolerations(spec) };
}

/** The spec of the daemon pod for `nodeName`: node affinity replaced by matchFields metadata.name. */
export function pinnedToNode(spec: PodSpecManifest, nodeName: string): PodSpecManifest {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] };
  const affinity = spec.affinity ?? {};
  return {
    ...spec,
    affinity: {
      ...affinity,
      nodeAffinity: {
        ...(affinity.nodeAffinity ?? {}),
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
      },
    },
  };
}

export function asTolerations(list: readonly ManifestToleration[]): Toleration[] {
  return list.map((t) => ({
    ...(t.key ? { key: t.key } : {}),
    ...(t.operator ? { operator: t.operator } : {}),
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect ? { effect: t.effect } : {}),
    ...(t.tolerationSeconds !== undefined ? { tolerationSeconds: t.tolerationSeconds } : {}),
  }));
}

/** NodeShouldRunDaemonPod: shouldRun (create one) and shouldContinueRunning (keep an existing one). */
export function nodeShouldRunDaemonPod(
  node: Node,
  spec: PodSpecManifest,
  tolerations: readonly Toleration[],
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const fitsName = spec.nodeName === undefined || spec.nodeName === node.name;
  const fitsAffinity = fitsNodeAffinity(spec, node);
  if (!fitsName || !fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  const noSchedule = untoleratedTaint(node.taints, tolerations, ['NoSchedule', 'NoExecute']);
  const noExecute = untoleratedTaint(node.taints, tolerations, ['NoExecute']);
  return { shouldRun: noSchedule === undefined, shouldContinueRunning: noExecute === undefined };
}

/** The node a daemon pod belongs to: its nodeName, or the node its affinity pins it to. */
export function daemonPodTargetNode(pod: {
  nodeName: string | null;
  spec: { affinity?: Affinity };
}): string | null {
  if (pod.nodeName !== null) return pod.nodeName;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0] as string;
    }
  }
  return null;
}
