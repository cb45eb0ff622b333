// spec.autoscaler: cluster-autoscaler's command-line flags in camelCase (kebab-case upstream, e.g.
// --scale-down-unneeded-time -> scaleDownUnneededTime), their defaults as data, and the cloud provider
// model; node groups come from node pools with an `autoscaling` block (pool-config.ts). Defaults follow
// cluster-autoscaler/config/flags/flags.go and config/const.go; where a default changed between
// releases the table gives the CA minor it changed in (CA minor = Kubernetes minor, or
// spec.autoscaler.version).

import { z } from 'zod';
import type { TimeUs } from '../engine/time.js';
import { durationUs } from '../model/fields.js';
import { type KubeVersion, parseKubeVersion } from '../model/version.js';
import { type CloudProviderConfig, cloudProviderSchema, resolveCloudProvider } from './cloud-config.js';

/** Expander names accepted by --expander (expander/expander.go; grpc is not modelled). */
export const EXPANDERS = ['random', 'most-pods', 'least-waste', 'least-nodes', 'price', 'priority'] as const;
export type ExpanderName = (typeof EXPANDERS)[number];

const fraction = () => z.number().min(0).max(1);
const nonNeg = () => z.number().int().nonnegative();

/** "<min>:<max>" as --cores-total / --memory-total take it. */
const minMaxSchema = z
  .union([z.string(), z.strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() })])
  .transform((v, ctx) => {
    if (typeof v !== 'string') return v;
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `expected "<min>:<max>" such as "0:320000", got "${v}"` });
      return z.NEVER;
    }
    return { min: Number(m[1]), max: Number(m[2]) };
  })
  .refine((v) => v.min <= v.max, { error: 'min is above max' });

const expanderSchema = z.string().transform((v, ctx) => {
  const names = v.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(EXPANDERS as readonly string[]).includes(n)) {
      ctx.addIssue({ code: 'custom', message: `unknown expander "${n}" (one of ${EXPANDERS.join(', ')})` });
      return z.NEVER;
    }
  }
  if (new Set(names).size !== names.length) {
    ctx.addIssue({ code: 'custom', message: 'an expander must not appear in the list more than once' });
    return z.NEVER;
  }
  return names as ExpanderName[];
});

export const autoscalerSchema = z.strictObject({
  /** CA release whose defaults apply (CA minor tracks the Kubernetes minor); default spec.kubernetesVersion. */
  version: z.string().optional(),
  scanInterval: durationUs().optional(),
  expander: expanderSchema.optional(),
  /** The priority expander's ConfigMap data: priority -> node group name regexps (expander/priority). */
  priorities: z
    .record(z.string().regex(/^-?\d+$/, { error: 'expected an integer priority' }), z.array(z.string()))
    .optional(),
  estimator: z.literal('binpacking').optional(),
  fastpathBinpackingEnabled: z.boolean().optional(),
  maxNodesPerScaleup: z.number().int().positive().optional(),
  maxNodesTotal: nonNeg().optional(),
  coresTotal: minMaxSchema.optional(),
  memoryTotal: minMaxSchema.optional(),
  newPodScaleUpDelay: durationUs().optional(),
  maxNodeProvisionTime: durationUs().optional(),
  maxNodeStartupTime: durationUs().optional(),
  initialNodeGroupBackoffDuration: durationUs().optional(),
  maxNodeGroupBackoffDuration: durationUs().optional(),
  nodeGroupBackoffResetTimeout: durationUs().optional(),
  balanceSimilarNodeGroups: z.boolean().optional(),
  balancingIgnoreLabel: z.array(z.string()).optional(),
  balancingLabel: z.array(z.string()).optional(),
  memoryDifferenceRatio: z.number().nonnegative().optional(),
  maxFreeDifferenceRatio: z.number().nonnegative().optional(),
  maxAllocatableDifferenceRatio: z.number().nonnegative().optional(),
  expendablePodsPriorityCutoff: z.number().int().optional(),
  okTotalUnreadyCount: nonNeg().optional(),
  maxTotalUnreadyPercentage: z.number().min(0).max(100).optional(),
  scaleUpFromZero: z.boolean().optional(),
  enforceNodeGroupMinSize: z.boolean().optional(),
  scaleDownEnabled: z.boolean().optional(),
  scaleDownUnreadyEnabled: z.boolean().optional(),
  scaleDownDelayAfterAdd: durationUs().optional(),
  scaleDownDelayAfterDelete: durationUs().optional(),
  scaleDownDelayAfterFailure: durationUs().optional(),
  scaleDownUnneededTime: durationUs().optional(),
  scaleDownUnreadyTime: durationUs().optional(),
  scaleDownUtilizationThreshold: fraction().optional(),
  scaleDownGpuUtilizationThreshold: fraction().optional(),
  scaleDownNonEmptyCandidatesCount: z.number().int().optional(),
  scaleDownCandidatesPoolRatio: fraction().optional(),
  scaleDownCandidatesPoolMinCount: nonNeg().optional(),
  /** Deprecated in CA 1.32: an alias of maxScaleDownParallelism (PR #5890 keeps the two equal). */
  maxEmptyBulkDelete: z.number().int().positive().optional(),
  maxScaleDownParallelism: z.number().int().positive().optional(),
  maxDrainParallelism: z.number().int().positive().optional(),
  maxGracefulTerminationSec: nonNeg().optional(),
  maxPodEvictionTime: durationUs().optional(),
  nodeDeleteDelayAfterTaint: durationUs().optional(),
  maxBulkSoftTaintCount: nonNeg().optional(),
  unremovableNodeRecheckTimeout: durationUs().optional(),
  ignoreDaemonsetsUtilization: z.boolean().optional(),
  ignoreMirrorPodsUtilization: z.boolean().optional(),
  skipNodesWithSystemPods: z.boolean().optional(),
  skipNodesWithLocalStorage: z.boolean().optional(),
  skipNodesWithCustomControllerPods: z.boolean().optional(),
  minReplicaCount: nonNeg().optional(),
  cordonNodeBeforeTerminating: z.boolean().optional(),
  daemonsetEvictionForEmptyNodes: z.boolean().optional(),
  daemonsetEvictionForOccupiedNodes: z.boolean().optional(),
  /** The simulated cloud: provisioning delay, failures and stock-outs (kubesim). */
  cloudProvider: cloudProviderSchema.optional(),
});

export type AutoscalerSpec = z.output<typeof autoscalerSchema>;

/** Every flag resolved: durations in microseconds, memory in bytes, cores in whole cores. */
export interface AutoscalerOptions {
  readonly version: KubeVersion;
  readonly scanIntervalUs: TimeUs;
  readonly expanders: readonly ExpanderName[];
  readonly priorities: ReadonlyMap<number, readonly RegExp[]>;
  readonly fastpathBinpackingEnabled: boolean;
  readonly maxNodesPerScaleUp: number;
  readonly maxNodesTotal: number;
  readonly minCoresTotal: number;
  readonly maxCoresTotal: number;
  readonly minMemoryTotalBytes: number;
  readonly maxMemoryTotalBytes: number;
  readonly newPodScaleUpDelayUs: TimeUs;
  readonly maxNodeProvisionTimeUs: TimeUs;
  readonly maxNodeStartupTimeUs: TimeUs;
  readonly initialNodeGroupBackoffUs: TimeUs;
  readonly maxNodeGroupBackoffUs: TimeUs;
  readonly nodeGroupBackoffResetTimeoutUs: TimeUs;
  readonly balanceSimilarNodeGroups: boolean;
  readonly balancingIgnoreLabels: readonly string[];
  readonly balancingLabels: readonly string[];
  readonly memoryDifferenceRatio: number;
  readonly maxFreeDifferenceRatio: number;
  readonly maxAllocatableDifferenceRatio: number;
  readonly expendablePodsPriorityCutoff: number;
  readonly okTotalUnreadyCount: number;
  readonly maxTotalUnreadyPercentage: number;
  readonly scaleUpFromZero: boolean;
  readonly enforceNodeGroupMinSize: boolean;
  readonly scaleDownEnabled: boolean;
  readonly scaleDownUnreadyEnabled: boolean;
  readonly scaleDownDelayAfterAddUs: TimeUs;
  readonly scaleDownDelayAfterDeleteUs: TimeUs;
  readonly scaleDownDelayAfterFailureUs: TimeUs;
  readonly scaleDownUnneededTimeUs: TimeUs;
  readonly scaleDownUnreadyTimeUs: TimeUs;
  readonly scaleDownUtilizationThreshold: number;
  readonly scaleDownGpuUtilizationThreshold: number;
  readonly scaleDownNonEmptyCandidatesCount: number;
  readonly scaleDownCandidatesPoolRatio: number;
  readonly scaleDownCandidatesPoolMinCount: number;
  readonly maxScaleDownParallelism: number;
  readonly maxDrainParallelism: number;
  readonly maxGracefulTerminationSec: number;
  readonly maxPodEvictionTimeUs: TimeUs;
  readonly nodeDeleteDelayAfterTaintUs: TimeUs;
  readonly maxBulkSoftTaintCount: number;
  readonly unremovableNodeRecheckTimeoutUs: TimeUs;
  readonly ignoreDaemonSetsUtilization: boolean;
  readonly ignoreMirrorPodsUtilization: boolean;
  readonly skipNodesWithSystemPods: boolean;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  readonly minReplicaCount: number;
  readonly cordonNodeBeforeTerminating: boolean;
  readonly daemonsetEvictionForEmptyNodes: boolean;
  readonly daemonsetEvictionForOccupiedNodes: boolean;
  readonly cloud: CloudProviderConfig;
}

const S = 1_000_000;
const MIN = 60 * S;
const GIB = 1024 ** 3;

/** A default that changed in some CA release: `from` is the first minor with `now`. */
interface VersionedDefault<T> {
  readonly before: T;
  readonly now: T;
  readonly from: number;
  /** Where the change was made. */
  readonly source: string;
}

/** Defaults that differ by CA release (the version knob). */
export const VERSIONED_DEFAULTS = {
  expander: {
    before: ['random'],
    now: ['least-waste'],
    from: 33,
    source: 'kubernetes/autoscaler PR #7631 (CA 1.33): --expander default random -> least-waste',
  } as VersionedDefault<readonly ExpanderName[]>,
  cordonNodeBeforeTerminating: {
    before: false,
    now: true,
    from: 34,
    source: 'kubernetes/autoscaler PR #8183 (CA 1.34): --cordon-node-before-terminating default true',
  } as VersionedDefault<boolean>,
} as const;

function versioned<T>(d: VersionedDefault<T>, v: KubeVersion): T {
  return v.minor >= d.from ? d.now : d.before;
}

/**
 * Defaults of config/flags/flags.go and config/const.go (DefaultScanInterval 10 s,
 * DefaultScaleDownUnneededTime 10 m, DefaultScaleDownUnreadyTime 20 m, DefaultScaleDownDelayAfterFailure
 * 3 m, DefaultScaleDownUtilizationThreshold 0.5, DefaultMaxClusterCores 320000 (5000 x 64),
 * DefaultMaxClusterMemory 6400000 GiB, memory-difference-ratio 0.015, max-free/allocatable-difference-ratio 0.05).
 */
export const AUTOSCALER_DEFAULTS = {
  scanIntervalUs: 10 * S,
  fastpathBinpackingEnabled: false,
  maxNodesPerScaleUp: 1000,
  maxNodesTotal: 0,
  coresTotal: { min: 0, max: 320_000 },
  memoryTotalGiB: { min: 0, max: 6_400_000 },
  newPodScaleUpDelayUs: 0,
  maxNodeProvisionTimeUs: 15 * MIN,
  maxNodeStartupTimeUs: 15 * MIN,
  initialNodeGroupBackoffUs: 5 * MIN,
  maxNodeGroupBackoffUs: 30 * MIN,
  nodeGroupBackoffResetTimeoutUs: 180 * MIN,
  balanceSimilarNodeGroups: false,
  memoryDifferenceRatio: 0.015,
  maxFreeDifferenceRatio: 0.05,
  maxAllocatableDifferenceRatio: 0.05,
  expendablePodsPriorityCutoff: -10,
  okTotalUnreadyCount: 3,
  maxTotalUnreadyPercentage: 45,
  scaleUpFromZero: true,
  enforceNodeGroupMinSize: false,
  scaleDownEnabled: true,
  scaleDownUnreadyEnabled: true,
  scaleDownDelayAfterAddUs: 10 * MIN,
  scaleDownDelayAfterDeleteUs: 0,
  scaleDownDelayAfterFailureUs: 3 * MIN,
  scaleDownUnneededTimeUs: 10 * MIN,
  scaleDownUnreadyTimeUs: 20 * MIN,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownGpuUtilizationThreshold: 0.5,
  scaleDownNonEmptyCandidatesCount: 30,
  scaleDownCandidatesPoolRatio: 0.1,
  scaleDownCandidatesPoolMinCount: 50,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  maxGracefulTerminationSec: 600,
  maxPodEvictionTimeUs: 2 * MIN,
  nodeDeleteDelayAfterTaintUs: 5 * S,
  maxBulkSoftTaintCount: 10,
  unremovableNodeRecheckTimeoutUs: 5 * MIN,
  ignoreDaemonSetsUtilization: false,
  ignoreMirrorPodsUtilization: false,
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  skipNodesWithCustomControllerPods: true,
  minReplicaCount: 0,
  daemonsetEvictionForEmptyNodes: false,
  daemonsetEvictionForOccupiedNodes: true,
} as const;

export class AutoscalerConfigError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

export function resolveAutoscalerOptions(raw: AutoscalerSpec, kubeVersion: KubeVersion): AutoscalerOptions {
  let version = kubeVersion;
  if (raw.version !== undefined) {
    try {
      version = parseKubeVersion(raw.version);
    } catch (e) {
      throw new AutoscalerConfigError(['version'], (e as Error).message);
    }
  }
  if (raw.balancingLabel !== undefined && raw.balancingIgnoreLabel !== undefined)
    throw new AutoscalerConfigError(
      ['balancingLabel'],
      'balancingLabel cannot be combined with balancingIgnoreLabel (flags.go validation)',
    );
  const d = AUTOSCALER_DEFAULTS;
  const expanders = raw.expander ?? versioned(VERSIONED_DEFAULTS.expander, version);
  if (expanders.includes('priority') && raw.priorities === undefined)
    throw new AutoscalerConfigError(
      ['priorities'],
      'the priority expander needs priorities (priority -> node group regexps)',
    );
  // PR #5890: when only one of --max-empty-bulk-delete / --max-scale-down-parallelism is set, the other follows it.
  const parallelism = raw.maxScaleDownParallelism ?? raw.maxEmptyBulkDelete ?? d.maxScaleDownParallelism;
  const scanIntervalUs = raw.scanInterval ?? d.scanIntervalUs;
  if (scanIntervalUs <= 0) throw new AutoscalerConfigError(['scanInterval'], 'expected a positive duration');
  const cores = raw.coresTotal ?? d.coresTotal;
  const mem = raw.memoryTotal ?? d.memoryTotalGiB;
  return {
    version,
    scanIntervalUs,
    expanders,
    priorities: resolvePriorities(raw.priorities),
    fastpathBinpackingEnabled: raw.fastpathBinpackingEnabled ?? d.fastpathBinpackingEnabled,
    maxNodesPerScaleUp: raw.maxNodesPerScaleup ?? d.maxNodesPerScaleUp,
    maxNodesTotal: raw.maxNodesTotal ?? d.maxNodesTotal,
    minCoresTotal: cores.min,
    maxCoresTotal: cores.max,
    minMemoryTotalBytes: mem.min * GIB,
    maxMemoryTotalBytes: mem.max * GIB,
    newPodScaleUpDelayUs: raw.newPodScaleUpDelay ?? d.newPodScaleUpDelayUs,
    maxNodeProvisionTimeUs: raw.maxNodeProvisionTime ?? d.maxNodeProvisionTimeUs,
    maxNodeStartupTimeUs: raw.maxNodeStartupTime ?? d.maxNodeStartupTimeUs,
    initialNodeGroupBackoffUs: raw.initialNodeGroupBackoffDuration ?? d.initialNodeGroupBackoffUs,
    maxNodeGroupBackoffUs: raw.maxNodeGroupBackoffDuration ?? d.maxNodeGroupBackoffUs,
    nodeGroupBackoffResetTimeoutUs: raw.nodeGroupBackoffResetTimeout ?? d.nodeGroupBackoffResetTimeoutUs,
    balanceSimilarNodeGroups: raw.balanceSimilarNodeGroups ?? d.balanceSimilarNodeGroups,
    balancingIgnoreLabels: raw.balancingIgnoreLabel ?? [],
    balancingLabels: raw.balancingLabel ?? [],
    memoryDifferenceRatio: raw.memoryDifferenceRatio ?? d.memoryDifferenceRatio,
    maxFreeDifferenceRatio: raw.maxFreeDifferenceRatio ?? d.maxFreeDifferenceRatio,
    maxAllocatableDifferenceRatio: raw.maxAllocatableDifferenceRatio ?? d.maxAllocatableDifferenceRatio,
    expendablePodsPriorityCutoff: raw.expendablePodsPriorityCutoff ?? d.expendablePodsPriorityCutoff,
    okTotalUnreadyCount: raw.okTotalUnreadyCount ?? d.okTotalUnreadyCount,
    maxTotalUnreadyPercentage: raw.maxTotalUnreadyPercentage ?? d.maxTotalUnreadyPercentage,
    scaleUpFromZero: raw.scaleUpFromZero ?? d.scaleUpFromZero,
    enforceNodeGroupMinSize: raw.enforceNodeGroupMinSize ?? d.enforceNodeGroupMinSize,
    scaleDownEnabled: raw.scaleDownEnabled ?? d.scaleDownEnabled,
    scaleDownUnreadyEnabled: raw.scaleDownUnreadyEnabled ?? d.scaleDownUnreadyEnabled,
    scaleDownDelayAfterAddUs: raw.scaleDownDelayAfterAdd ?? d.scaleDownDelayAfterAddUs,
    scaleDownDelayAfterDeleteUs: raw.scaleDownDelayAfterDelete ?? d.scaleDownDelayAfterDeleteUs,
    scaleDownDelayAfterFailureUs: raw.scaleDownDelayAfterFailure ?? d.scaleDownDelayAfterFailureUs,
    scaleDownUnneededTimeUs: raw.scaleDownUnneededTime ?? d.scaleDownUnneededTimeUs,
    scaleDownUnreadyTimeUs: raw.scaleDownUnreadyTime ?? d.scaleDownUnreadyTimeUs,
    scaleDownUtilizationThreshold: raw.scaleDownUtilizationThreshold ?? d.scaleDownUtilizationThreshold,
    scaleDownGpuUtilizationThreshold:
      raw.scaleDownGpuUtilizationThreshold ?? d.scaleDownGpuUtilizationThreshold,
    scaleDownNonEmptyCandidatesCount:
      raw.scaleDownNonEmptyCandidatesCount ?? d.scaleDownNonEmptyCandidatesCount,
    scaleDownCandidatesPoolRatio: raw.scaleDownCandidatesPoolRatio ?? d.scaleDownCandidatesPoolRatio,
    scaleDownCandidatesPoolMinCount: raw.scaleDownCandidatesPoolMinCount ?? d.scaleDownCandidatesPoolMinCount,
    maxScaleDownParallelism: parallelism,
    maxDrainParallelism: raw.maxDrainParallelism ?? d.maxDrainParallelism,
    maxGracefulTerminationSec: raw.maxGracefulTerminationSec ?? d.maxGracefulTerminationSec,
    maxPodEvictionTimeUs: raw.maxPodEvictionTime ?? d.maxPodEvictionTimeUs,
    nodeDeleteDelayAfterTaintUs: raw.nodeDeleteDelayAfterTaint ?? d.nodeDeleteDelayAfterTaintUs,
    maxBulkSoftTaintCount: raw.maxBulkSoftTaintCount ?? d.maxBulkSoftTaintCount,
    unremovableNodeRecheckTimeoutUs: raw.unremovableNodeRecheckTimeout ?? d.unremovableNodeRecheckTimeoutUs,
    ignoreDaemonSetsUtilization: raw.ignoreDaemonsetsUtilization ?? d.ignoreDaemonSetsUtilization,
    ignoreMirrorPodsUtilization: raw.ignoreMirrorPodsUtilization ?? d.ignoreMirrorPodsUtilization,
    skipNodesWithSystemPods: raw.skipNodesWithSystemPods ?? d.skipNodesWithSystemPods,
    skipNodesWithLocalStorage: raw.skipNodesWithLocalStorage ?? d.skipNodesWithLocalStorage,
    skipNodesWithCustomControllerPods:
      raw.skipNodesWithCustomControllerPods ?? d.skipNodesWithCustomControllerPods,
    minReplicaCount: raw.minReplicaCount ?? d.minReplicaCount,
    cordonNodeBeforeTerminating:
      raw.cordonNodeBeforeTerminating ?? versioned(VERSIONED_DEFAULTS.cordonNodeBeforeTerminating, version),
    daemonsetEvictionForEmptyNodes: raw.daemonsetEvictionForEmptyNodes ?? d.daemonsetEvictionForEmptyNodes,
    daemonsetEvictionForOccupiedNodes:
      raw.daemonsetEvictionForOccupiedNodes ?? d.daemonsetEvictionForOccupiedNodes,
    cloud: resolveCloudProvider(raw.cloudProvider ?? {}),
  };
}

function resolvePriorities(
  raw: Record<string, string[]> | undefined,
): ReadonlyMap<number, readonly RegExp[]> {
  const out = new Map<number, RegExp[]>();
  for (const [p, list] of Object.entries(raw ?? {})) {
    const res: RegExp[] = [];
    list.forEach((text, i) => {
      try {
        res.push(new RegExp(text));
      } catch (e) {
        throw new AutoscalerConfigError(['priorities', p, i], `invalid regexp: ${(e as Error).message}`);
      }
    });
    out.set(Number(p), res);
  }
  return out;
}
