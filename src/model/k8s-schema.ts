// Schemas for the Kubernetes objects a scenario may contain, in core/v1 and apps/v1 field names, so a
// manifest pasted from `kubectl get -o yaml` loads unchanged. Fields that matter to the simulation are
// typed; fields that don't (image, env, probes, volumes, managedFields, ...) are accepted and ignored.
// Within specs the known field names are listed, so a typo like `nodeSelecter` is still an error, as
// with `kubectl apply --validate=strict`.

import { z } from 'zod';
import { milliQuantity, quantity, stringMap } from './fields.js';

const any = () => z.unknown().optional();

/**
 * An enumerated field, refused as the API server refuses it (field.NotSupported):
 * `Unsupported value: "X": supported values: "A", "B"`, in upstream's order.
 */
export function goEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? 'Required value'
        : `Unsupported value: ${JSON.stringify(issue.input)}: supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  });
}

/** A selector operator: upstream reports an unknown one as Invalid, not NotSupported. */
function selectorOperator<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? 'Required value'
        : `Invalid value: ${JSON.stringify(issue.input)}: not a valid selector operator`,
  });
}

export const objectMetaSchema = z.looseObject({
  name: z.string().min(1).optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: stringMap().optional(),
  annotations: stringMap().optional(),
  ownerReferences: z
    .array(
      z.looseObject({
        apiVersion: z.string().optional(),
        kind: z.string(),
        name: z.string(),
        uid: z.string().optional(),
        controller: z.boolean().optional(),
      }),
    )
    .optional(),
});

const taintEffect = goEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export const taintSchema = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  effect: taintEffect,
  timeAdded: z.string().nullable().optional(),
});

export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: goEnum(['Equal', 'Exists']).optional(),
  value: z.string().optional(),
  effect: goEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute', '']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/** A resource list (requests, limits, capacity): cpu in millicores, everything else in units. */
export const resourceListSchema = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .transform((list, ctx) => {
    const out: Record<string, number> = {};
    for (const [name, value] of Object.entries(list)) {
      // ValidateNonnegativeQuantity, with the API server's message.
      const text = String(value).trim();
      if (text.startsWith('-') && !/^-0*(\.0*)?$/.test(text)) {
        ctx.addIssue({
          code: 'custom',
          message: `Invalid value: ${JSON.stringify(text)}: must be greater than or equal to 0`,
          path: [name],
        });
        continue;
      }
      const parsed = (name === 'cpu' ? milliQuantity() : quantity()).safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message, path: [name] });
        continue;
      }
      out[name] = parsed.data;
    }
    return out;
  });

const labelSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: selectorOperator(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});
export const labelSelectorSchema = z.strictObject({
  matchLabels: stringMap().optional(),
  matchExpressions: z.array(labelSelectorRequirement).optional(),
});

const nodeSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: selectorOperator(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).optional(),
});
export const nodeSelectorTermSchema = z.strictObject({
  matchExpressions: z.array(nodeSelectorRequirement).optional(),
  matchFields: z.array(nodeSelectorRequirement).optional(),
});
const podAffinityTerm = z.strictObject({
  labelSelector: labelSelectorSchema.optional(),
  namespaces: z.array(z.string()).optional(),
  namespaceSelector: labelSelectorSchema.optional(),
  topologyKey: z.string(),
  matchLabelKeys: z.array(z.string()).optional(),
  mismatchLabelKeys: z.array(z.string()).optional(),
});
const weightedPodAffinityTerm = z.strictObject({
  weight: z.number().int(),
  podAffinityTerm,
});
const podAffinityGroup = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(weightedPodAffinityTerm).optional(),
});
export const affinitySchema = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .strictObject({ nodeSelectorTerms: z.array(nodeSelectorTermSchema) })
        .optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.strictObject({ weight: z.number().int(), preference: nodeSelectorTermSchema }))
        .optional(),
    })
    .optional(),
  podAffinity: podAffinityGroup.optional(),
  podAntiAffinity: podAffinityGroup.optional(),
});

export const topologySpreadConstraintSchema = z.strictObject({
  maxSkew: z.number().int(),
  topologyKey: z.string(),
  whenUnsatisfiable: goEnum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: labelSelectorSchema.optional(),
  minDomains: z.number().int().optional(),
  nodeAffinityPolicy: goEnum(['Honor', 'Ignore']).optional(),
  nodeTaintsPolicy: goEnum(['Honor', 'Ignore']).optional(),
  matchLabelKeys: z.array(z.string()).optional(),
});

const containerPortSchema = z.looseObject({
  containerPort: z.number().int(),
  hostPort: z.number().int().optional(),
  hostIP: z.string().optional(),
  protocol: goEnum(['SCTP', 'TCP', 'UDP']).optional(),
  name: z.string().optional(),
});

/** core/v1 ResourceRequirements, for containers and (PodLevelResources) for the pod. */
const resourceRequirementsSchema = z.strictObject({
  requests: resourceListSchema.optional(),
  limits: resourceListSchema.optional(),
  claims: any(),
});

export const containerSchema = z.strictObject({
  name: z.string(),
  image: z.string().optional(),
  resources: resourceRequirementsSchema.optional(),
  ports: z.array(containerPortSchema).optional(),
  restartPolicy: goEnum(['Always']).optional(),
  // Accepted and ignored: they do not change scheduling or capacity behaviour.
  command: any(),
  args: any(),
  workingDir: any(),
  env: any(),
  envFrom: any(),
  volumeMounts: any(),
  volumeDevices: any(),
  livenessProbe: any(),
  readinessProbe: any(),
  startupProbe: any(),
  lifecycle: any(),
  terminationMessagePath: any(),
  terminationMessagePolicy: any(),
  imagePullPolicy: any(),
  securityContext: any(),
  stdin: any(),
  stdinOnce: any(),
  tty: any(),
  resizePolicy: any(),
  restartPolicyRules: any(),
});

/**
 * A pod volume: its name and, for a persistentVolumeClaim source, the claim; every other source
 * (emptyDir, configMap, secret, hostPath, csi, ephemeral, ...) is accepted and does not constrain
 * scheduling here (generic ephemeral volumes are not simulated).
 */
export const podVolumeSchema = z.looseObject({
  name: z.string(),
  persistentVolumeClaim: z
    .strictObject({ claimName: z.string(), readOnly: z.boolean().optional() })
    .optional(),
});

export const podSpecSchema = z.strictObject({
  // May be empty or absent (kubesim): upstream scheduler tests' pods often have no containers (they request
  // nothing, not even the non-zero defaults), and replaying them needs the same shape.
  containers: z.array(containerSchema).default([]),
  initContainers: z.array(containerSchema).optional(),
  nodeName: z.string().optional(),
  nodeSelector: stringMap().optional(),
  affinity: affinitySchema.optional(),
  tolerations: z.array(tolerationSchema).optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraintSchema).optional(),
  schedulerName: z.string().optional(),
  priority: z.number().int().optional(),
  priorityClassName: z.string().optional(),
  preemptionPolicy: goEnum(['PreemptLowerPriority', 'Never']).optional(),
  terminationGracePeriodSeconds: z.number().int().nonnegative().optional(),
  activeDeadlineSeconds: z.number().int().optional(),
  restartPolicy: goEnum(['Always', 'OnFailure', 'Never']).optional(),
  overhead: resourceListSchema.optional(),
  schedulingGates: z.array(z.strictObject({ name: z.string() })).optional(),
  hostNetwork: z.boolean().optional(),
  /** Only persistentVolumeClaim sources shape behaviour (volume binding, zones, attach limits). */
  volumes: z.array(podVolumeSchema).optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  // Accepted and ignored.
  ephemeralContainers: any(),
  dnsPolicy: any(),
  dnsConfig: any(),
  serviceAccountName: any(),
  serviceAccount: any(),
  automountServiceAccountToken: any(),
  securityContext: any(),
  imagePullSecrets: any(),
  hostPID: any(),
  hostIPC: any(),
  hostUsers: any(),
  shareProcessNamespace: any(),
  hostAliases: any(),
  enableServiceLinks: any(),
  readinessGates: any(),
  runtimeClassName: any(),
  setHostnameAsFQDN: any(),
  os: any(),
  resourceClaims: any(),
  /** Pod-level resources (PodLevelResources, beta and on by default from 1.34). */
  resources: resourceRequirementsSchema.optional(),
});

export const podTemplateSchema = z.strictObject({
  metadata: objectMetaSchema.optional(),
  spec: podSpecSchema,
});

export const podManifestSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: objectMetaSchema,
  spec: podSpecSchema,
  status: any(),
});

export const nodeManifestSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Node'),
  metadata: objectMetaSchema.extend({ name: z.string().min(1, { error: 'a Node needs metadata.name' }) }),
  spec: z
    .looseObject({
      taints: z.array(taintSchema).optional(),
      unschedulable: z.boolean().optional(),
    })
    .optional(),
  status: z
    .looseObject({
      capacity: resourceListSchema.optional(),
      allocatable: resourceListSchema.optional(),
      images: z
        .array(z.looseObject({ names: z.array(z.string()).optional(), sizeBytes: z.number().optional() }))
        .optional(),
    })
    .optional(),
});

export type PodManifest = z.output<typeof podManifestSchema>;
export type NodeManifest = z.output<typeof nodeManifestSchema>;
export type PodSpecManifest = z.output<typeof podSpecSchema>;
export type PodTemplateManifest = z.output<typeof podTemplateSchema>;
export type ResourceListManifest = z.output<typeof resourceListSchema>;
