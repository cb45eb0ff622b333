// PodSpec and pod template validation, as pkg/apis/core/validation validates a pod on create
// (ValidatePodCreate, ValidatePodSpec, ValidatePodTemplateSpec): containers, ports, resources,
// tolerations, affinity, topology spread constraints, scheduling gates and the scalar fields the
// scheduler reads. Fields the API server defaults (restartPolicy, protocol, terminationGracePeriodSeconds,
// dnsPolicy, ...) are checked only when given.

import { aggregateContainerRequests } from '../pod-requests.js';
import { formatMilli, parseMilliQuantity, parseQuantity } from '../quantity.js';
import type { Container } from '../types.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
} from './content.js';
import {
  duplicate,
  type ErrorList,
  type FieldError,
  type FieldPath,
  forbidden,
  int32Field,
  invalid,
  notSupported,
  required,
} from './field.js';
import {
  type LabelSelectorInput,
  type ObjectMetaInput,
  validateAnnotations,
  validateLabelName,
  validateLabelSelector,
  validateLabels,
} from './meta.js';
import {
  validateContainerEnums,
  validateDNSPolicy,
  validateEnv,
  validateVolumeMounts,
} from './pod-fields.js';
import {
  quantityText,
  type ResourceListInput,
  type ResourceRequirementsInput,
  validateResourceRequirements,
} from './resources.js';

const MAX_INT32 = 2_147_483_647;

export interface ContainerInput {
  readonly name?: string | undefined;
  readonly image?: string | undefined;
  readonly resources?: ResourceRequirementsInput | undefined;
  readonly ports?:
    | ReadonlyArray<{
        readonly containerPort: number;
        readonly hostPort?: number | undefined;
        readonly hostIP?: string | undefined;
        readonly protocol?: string | undefined;
        readonly name?: string | undefined;
      }>
    | undefined;
  readonly restartPolicy?: string | undefined;
  readonly env?: unknown;
  readonly volumeMounts?: unknown;
  readonly imagePullPolicy?: unknown;
  readonly terminationMessagePolicy?: unknown;
  readonly lifecycle?: unknown;
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly startupProbe?: unknown;
}

export interface TolerationInput {
  readonly key?: string | undefined;
  readonly operator?: string | undefined;
  readonly value?: string | undefined;
  readonly effect?: string | undefined;
  readonly tolerationSeconds?: number | undefined;
}

interface NodeSelectorRequirementInput {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | undefined;
}
interface NodeSelectorTermInput {
  readonly matchExpressions?: readonly NodeSelectorRequirementInput[] | undefined;
  readonly matchFields?: readonly NodeSelectorRequirementInput[] | undefined;
}
interface PodAffinityTermInput {
  readonly labelSelector?: LabelSelectorInput | undefined;
  readonly namespaceSelector?: LabelSelectorInput | undefined;
  readonly namespaces?: readonly string[] | undefined;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[] | undefined;
  readonly mismatchLabelKeys?: readonly string[] | undefined;
}
interface PodAffinityGroupInput {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTermInput[] | undefined;
  readonly preferredDuringSchedulingIgnoredDuringExecution?:
    | ReadonlyArray<{ readonly weight: number; readonly podAffinityTerm: PodAffinityTermInput }>
    | undefined;
}
export interface AffinityInput {
  readonly nodeAffinity?:
    | {
        readonly requiredDuringSchedulingIgnoredDuringExecution?:
          | { readonly nodeSelectorTerms: readonly NodeSelectorTermInput[] }
          | undefined;
        readonly preferredDuringSchedulingIgnoredDuringExecution?:
          | ReadonlyArray<{ readonly weight: number; readonly preference: NodeSelectorTermInput }>
          | undefined;
      }
    | undefined;
  readonly podAffinity?: PodAffinityGroupInput | undefined;
  readonly podAntiAffinity?: PodAffinityGroupInput | undefined;
}

export interface TopologySpreadConstraintInput {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: string;
  readonly labelSelector?: LabelSelectorInput | undefined;
  readonly minDomains?: number | undefined;
  readonly matchLabelKeys?: readonly string[] | undefined;
}

export interface PodSpecInput {
  readonly containers?: readonly ContainerInput[] | undefined;
  readonly initContainers?: readonly ContainerInput[] | undefined;
  readonly ephemeralContainers?: unknown;
  readonly nodeName?: string | undefined;
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
  readonly affinity?: AffinityInput | undefined;
  readonly tolerations?: readonly TolerationInput[] | undefined;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraintInput[] | undefined;
  readonly priority?: number | undefined;
  readonly priorityClassName?: string | undefined;
  readonly activeDeadlineSeconds?: number | undefined;
  readonly restartPolicy?: string | undefined;
  readonly overhead?: ResourceListInput | undefined;
  readonly schedulingGates?: ReadonlyArray<{ readonly name: string }> | undefined;
  readonly hostNetwork?: boolean | undefined;
  readonly hostname?: unknown;
  readonly subdomain?: unknown;
  readonly serviceAccountName?: unknown;
  readonly resources?: ResourceRequirementsInput | undefined;
  readonly volumes?: ReadonlyArray<{ readonly name?: unknown }> | undefined;
  readonly dnsPolicy?: unknown;
  readonly dnsConfig?: unknown;
}

export interface PodValidationOptions {
  /** The spec is a Pod's (not a template's): hostPort must equal containerPort under hostNetwork. */
  readonly resourceIsPod: boolean;
  /** Feature gate PodLevelResources: spec.resources is validated (with the gate off it is dropped). */
  readonly podLevelResources: boolean;
  /** RelaxedEnvironmentVariableValidation (beta and on from 1.32): env names are any printable ASCII but '='. */
  readonly relaxedEnvVarNames?: boolean | undefined;
}

/** What every container of one pod is checked against: the pod's volume names and the env-name rule. */
interface ContainerContext {
  readonly volumes: ReadonlySet<string>;
  readonly relaxedEnvVarNames: boolean;
}

function containerContext(spec: PodSpecInput, opts: PodValidationOptions): ContainerContext {
  const volumes = new Set<string>();
  for (const v of spec.volumes ?? []) if (typeof v?.name === 'string') volumes.add(v.name);
  return { volumes, relaxedEnvVarNames: opts.relaxedEnvVarNames ?? true };
}

/** ValidatePodCreate without the object metadata: spec rules plus the create-only ones. */
export function validatePodCreateSpec(
  spec: PodSpecInput,
  path: FieldPath,
  opts: PodValidationOptions,
): ErrorList {
  const errs = validatePodSpec(spec, path, opts);
  if (
    spec.ephemeralContainers !== undefined &&
    Array.isArray(spec.ephemeralContainers) &&
    spec.ephemeralContainers.length > 0
  ) {
    errs.push(forbidden([...path, 'ephemeralContainers'], 'cannot be set on create'));
  }
  if (spec.nodeName !== undefined && spec.nodeName !== '' && (spec.schedulingGates ?? []).length > 0) {
    errs.push(forbidden([...path, 'nodeName'], 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels and annotations, then the spec. */
export function validatePodTemplate(
  template: { readonly metadata?: ObjectMetaInput | undefined; readonly spec: PodSpecInput },
  path: FieldPath,
  opts: Omit<PodValidationOptions, 'resourceIsPod'>,
): ErrorList {
  const errs = [
    ...validateLabels(template.metadata?.labels, [...path, 'metadata', 'labels']),
    ...validateAnnotations(template.metadata?.annotations, [...path, 'metadata', 'annotations']),
    ...validatePodSpec(template.spec, [...path, 'spec'], { ...opts, resourceIsPod: false }),
  ];
  const ephemeral = template.spec.ephemeralContainers;
  if (Array.isArray(ephemeral) && ephemeral.length > 0) {
    errs.push(
      forbidden([...path, 'spec', 'ephemeralContainers'], 'ephemeral containers not allowed in pod template'),
    );
  }
  return errs;
}

export function validatePodSpec(spec: PodSpecInput, path: FieldPath, opts: PodValidationOptions): ErrorList {
  const ctx = containerContext(spec, opts);
  const errs: ErrorList = [
    ...int32Field(spec.priority, [...path, 'priority'], 'PodSpec.spec.priority'),
    ...validateContainers(spec.containers ?? [], [...path, 'containers'], ctx),
    ...validateInitContainers(
      spec.initContainers ?? [],
      spec.containers ?? [],
      [...path, 'initContainers'],
      ctx,
    ),
    ...validateDNSPolicy(spec.dnsPolicy, spec.dnsConfig, path),
  ];
  if (opts.podLevelResources && spec.resources !== undefined)
    errs.push(...validatePodResources(spec, [...path, 'resources']));
  if (spec.hostNetwork === true) errs.push(...validateHostNetworkPorts(spec, path, opts.resourceIsPod));
  errs.push(...validateLabels(spec.nodeSelector, [...path, 'nodeSelector']));
  if (spec.affinity !== undefined) errs.push(...validateAffinity(spec.affinity, [...path, 'affinity']));
  errs.push(...validateSchedulingGates(spec.schedulingGates ?? [], [...path, 'schedulingGates']));
  errs.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints ?? [], [
      ...path,
      'topologySpreadConstraints',
    ]),
  );
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    for (const msg of nameIsDNSSubdomain(spec.serviceAccountName, false)) {
      errs.push(invalid([...path, 'serviceAccountName'], spec.serviceAccountName, msg));
    }
  }
  if (spec.nodeName !== undefined && spec.nodeName !== '') {
    for (const msg of nameIsDNSSubdomain(spec.nodeName, false))
      errs.push(invalid([...path, 'nodeName'], spec.nodeName, msg));
  }
  if (
    spec.activeDeadlineSeconds !== undefined &&
    (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)
  ) {
    errs.push(
      invalid(
        [...path, 'activeDeadlineSeconds'],
        spec.activeDeadlineSeconds,
        inclusiveRangeError(1, MAX_INT32),
      ),
    );
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const v = spec[field];
    if (typeof v === 'string' && v !== '') {
      for (const msg of isDNS1123Label(v)) errs.push(invalid([...path, field], v, msg));
    }
  }
  errs.push(...validateTolerations(spec.tolerations ?? [], [...path, 'tolerations']));
  if (spec.priorityClassName !== undefined && spec.priorityClassName !== '') {
    for (const msg of nameIsDNSSubdomain(spec.priorityClassName, false)) {
      errs.push(invalid([...path, 'priorityClassName'], spec.priorityClassName, msg));
    }
  }
  if (spec.overhead !== undefined)
    errs.push(
      ...validateResourceRequirements({ limits: spec.overhead }, [...path, 'overhead']).map(stripLimits),
    );
  return errs;
}

/** validateOverhead reuses the container rules on a list held as limits; report it at overhead[...]. */
function stripLimits(e: FieldError): FieldError {
  const i = e.path.indexOf('limits');
  return i < 0 ? e : { ...e, path: [...e.path.slice(0, i), ...e.path.slice(i + 1)] };
}

function validateContainerCommon(c: ContainerInput, path: FieldPath, ctx: ContainerContext): ErrorList {
  const errs: ErrorList = [];
  if (c.name === undefined || c.name === '') errs.push(required([...path, 'name']));
  else for (const msg of isDNS1123Label(c.name)) errs.push(invalid([...path, 'name'], c.name, msg));
  // validateContainerCommon: every container, template ones too, names an image (kubesim pulls none,
  // but the API server refuses the object without one).
  if (c.image === undefined || c.image === '') errs.push(required([...path, 'image']));
  errs.push(...validateContainerPorts(c.ports ?? [], [...path, 'ports']));
  if (c.resources !== undefined)
    errs.push(...validateResourceRequirements(c.resources, [...path, 'resources']));
  errs.push(...validateEnv(c.env, [...path, 'env'], ctx.relaxedEnvVarNames));
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx.volumes, [...path, 'volumeMounts']));
  errs.push(...validateContainerEnums(c, path));
  return errs;
}

function validateContainers(
  containers: readonly ContainerInput[],
  path: FieldPath,
  ctx: ContainerContext,
): ErrorList {
  if (containers.length === 0) return [required(path)];
  const errs: ErrorList = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    errs.push(...validateContainerCommon(c, [...path, i], ctx));
    const name = c.name ?? '';
    if (names.has(name)) errs.push(duplicate([...path, i, 'name'], name));
    else names.add(name);
    if (c.restartPolicy !== undefined)
      errs.push(forbidden([...path, i, 'restartPolicy'], 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

function validateInitContainers(
  inits: readonly ContainerInput[],
  regular: readonly ContainerInput[],
  path: FieldPath,
  ctx: ContainerContext,
): ErrorList {
  const errs: ErrorList = [];
  const names = new Set(regular.map((c) => c.name ?? ''));
  inits.forEach((c, i) => {
    errs.push(...validateContainerCommon(c, [...path, i], ctx));
    const name = c.name ?? '';
    if (names.has(name)) errs.push(duplicate([...path, i, 'name'], name));
    else if (name !== '') names.add(name);
    errs.push(...checkHostPortConflicts([c], path, i));
    if (c.restartPolicy !== 'Always') {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f] !== undefined)
          errs.push(
            forbidden([...path, i, f], 'may not be set for init containers without restartPolicy=Always'),
          );
      }
    }
  });
  return errs;
}

function validateContainerPorts(ports: NonNullable<ContainerInput['ports']>, path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = [...path, i];
    if (p.name !== undefined && p.name !== '') {
      const msgs = isValidPortName(p.name);
      if (msgs.length > 0) for (const msg of msgs) errs.push(invalid([...at, 'name'], p.name, msg));
      else if (names.has(p.name)) errs.push(duplicate([...at, 'name'], p.name));
      else names.add(p.name);
    }
    if (p.containerPort === 0) errs.push(required([...at, 'containerPort']));
    else
      for (const msg of isValidPortNum(p.containerPort))
        errs.push(invalid([...at, 'containerPort'], p.containerPort, msg));
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      for (const msg of isValidPortNum(p.hostPort)) errs.push(invalid([...at, 'hostPort'], p.hostPort, msg));
    }
  });
  return errs;
}

/** AccumulateUniqueHostPorts: a protocol/hostIP/hostPort triple may appear once (protocol defaults to TCP). */
function checkHostPortConflicts(
  containers: readonly ContainerInput[],
  path: FieldPath,
  offset = 0,
): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (p.hostPort === undefined || p.hostPort === 0) return;
      const key = `${p.protocol ?? 'TCP'}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate([...path, ci + offset, 'ports', pi, 'hostPort'], key));
      else seen.add(key);
    });
  });
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork, hostPort must be containerPort (0 allowed in templates). */
function validateHostNetworkPorts(spec: PodSpecInput, path: FieldPath, resourceIsPod: boolean): ErrorList {
  const errs: ErrorList = [];
  (spec.containers ?? []).forEach((c, i) => {
    (c.ports ?? []).forEach((p, j) => {
      const hp = p.hostPort ?? 0;
      if ((resourceIsPod || hp !== 0) && hp !== p.containerPort) {
        errs.push(
          invalid(
            [...path, 'containers', i, 'ports', j, 'hostPort'],
            hp,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return errs;
}

/** validatePodResources: pod-level names and quantities, then consistency with the containers. */
function validatePodResources(spec: PodSpecInput, path: FieldPath): ErrorList {
  const res = spec.resources as ResourceRequirementsInput;
  const errs: ErrorList = validateResourceRequirements(res, [], true).map((e) => ({
    ...e,
    path: [...path, ...e.path],
  }));
  if (errs.length > 0) return errs;
  const toContainer = (c: ContainerInput): Container =>
    ({
      requests: {
        ...(c.resources?.requests?.cpu !== undefined
          ? { milliCPU: parseMilliQuantity(c.resources.requests.cpu) }
          : {}),
        ...(c.resources?.requests?.memory !== undefined
          ? { memory: parseQuantity(c.resources.requests.memory) }
          : {}),
      },
      ...(c.restartPolicy === 'Always' ? { restartPolicy: 'Always' } : {}),
    }) as Container;
  const agg = aggregateContainerRequests({
    containers: (spec.containers ?? []).map(toContainer),
    initContainers: (spec.initContainers ?? []).map(toContainer),
  });
  // A pod-level request defaults to its limit; resources the pod level does not name are not compared.
  const podValue = (name: 'cpu' | 'memory') => res.requests?.[name] ?? res.limits?.[name];
  const checks = [
    { name: 'cpu' as const, containers: agg.milliCPU, parse: parseMilliQuantity, fmt: formatMilli },
    { name: 'memory' as const, containers: agg.memory, parse: parseQuantity, fmt: String },
  ];
  for (const c of checks) {
    const q = podValue(c.name);
    if (q !== undefined && c.containers > c.parse(q)) {
      errs.push(
        invalid(
          [...path, 'requests', c.name],
          quantityText(q),
          `must be greater than or equal to aggregate container requests of ${c.fmt(c.containers)}`,
        ),
      );
    }
  }
  return errs;
}

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly TolerationInput[], path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  tolerations.forEach((t, i) => {
    const at = [...path, i];
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    if (key !== '') errs.push(...validateLabelName(key, [...at, 'key']));
    if (key === '' && operator !== 'Exists') {
      errs.push(
        invalid(
          [...at, 'operator'],
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(
        invalid(
          [...at, 'effect'],
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === 'Exists') {
      if (t.value !== undefined && t.value !== '') {
        errs.push(invalid([...at, 'operator'], t.value, "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      const msgs = isValidLabelValue(t.value ?? '');
      if (msgs.length > 0) errs.push(invalid([...at, 'operator'], t.value ?? '', msgs.join(';')));
    }
  });
  return errs;
}

function validateAffinity(a: AffinityInput, path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const na = a.nodeAffinity;
  if (na !== undefined) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    const reqPath = [
      ...path,
      'nodeAffinity',
      'requiredDuringSchedulingIgnoredDuringExecution',
      'nodeSelectorTerms',
    ];
    if (req !== undefined) {
      if (req.nodeSelectorTerms.length === 0)
        errs.push(required(reqPath, 'must have at least one node selector term'));
      req.nodeSelectorTerms.forEach((t, i) => {
        errs.push(...validateNodeSelectorTerm(t, true, [...reqPath, i]));
      });
    }
    const prefPath = [...path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'];
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      if (t.weight <= 0 || t.weight > 100)
        errs.push(invalid([...prefPath, i, 'weight'], t.weight, 'must be in the range 1-100'));
      // Preferred terms may hold invalid label values (they can still succeed on a one-node cluster).
      errs.push(...validateNodeSelectorTerm(t.preference, false, [...prefPath, i, 'preference']));
    });
  }
  for (const group of ['podAffinity', 'podAntiAffinity'] as const) {
    const g = a[group];
    if (g === undefined) continue;
    const reqPath = [...path, group, 'requiredDuringSchedulingIgnoredDuringExecution'];
    (g.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, [...reqPath, i]));
    });
    const prefPath = [...path, group, 'preferredDuringSchedulingIgnoredDuringExecution'];
    (g.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      if (t.weight <= 0 || t.weight > 100)
        errs.push(invalid([...prefPath, i, 'weight'], t.weight, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(t.podAffinityTerm, [...prefPath, i, 'podAffinityTerm']));
    });
  }
  return errs;
}

function validateNodeSelectorTerm(
  term: NodeSelectorTermInput,
  checkValues: boolean,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  (term.matchExpressions ?? []).forEach((r, j) => {
    const at = [...path, 'matchExpressions', j];
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push(required([...at, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(
            forbidden(
              [...at, 'values'],
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1)
          errs.push(
            required([...at, 'values'], "must be specified single value when `operator` is 'Lt' or 'Gt'"),
          );
        break;
      default:
        errs.push(invalid([...at, 'operator'], r.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(r.key, [...at, 'key']));
    if (checkValues) {
      values.forEach((v, k) => {
        for (const msg of isValidLabelValue(v)) errs.push(invalid([...at, 'values', k], v, msg));
      });
    }
  });
  (term.matchFields ?? []).forEach((r, j) => {
    const at = [...path, 'matchFields', j];
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if ((r.values ?? []).length !== 1) {
        errs.push(
          required(
            [...at, 'values'],
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else {
      errs.push(invalid([...at, 'operator'], r.operator, 'not a valid selector operator'));
    }
    if (r.key !== 'metadata.name')
      errs.push(invalid([...at, 'key'], r.key, 'not a valid field selector key'));
    else
      (r.values ?? []).forEach((v, k) => {
        for (const msg of nameIsDNSSubdomain(v, false)) errs.push(invalid([...at, 'values', k], v, msg));
      });
  });
  return errs;
}

function validatePodAffinityTerm(t: PodAffinityTermInput, path: FieldPath): ErrorList {
  const errs: ErrorList = [
    ...validateLabelSelector(t.labelSelector, [...path, 'labelSelector']),
    ...validateLabelSelector(t.namespaceSelector, [...path, 'namespaceSelector']),
  ];
  for (const ns of t.namespaces ?? []) {
    // Upstream reports these at "namespace" (singular).
    for (const msg of nameIsDNSLabel(ns, false)) errs.push(invalid([...path, 'namespace'], ns, msg));
  }
  errs.push(
    ...validateMatchLabelKeys(path, t.matchLabelKeys ?? [], t.mismatchLabelKeys ?? [], t.labelSelector),
  );
  if (t.topologyKey === '') errs.push(required([...path, 'topologyKey'], 'can not be empty'));
  errs.push(...validateLabelName(t.topologyKey, [...path, 'topologyKey']));
  return errs;
}

/** validateMatchLabelKeysAndMismatchLabelKeys. */
function validateMatchLabelKeys(
  path: FieldPath,
  match: readonly string[],
  mismatch: readonly string[],
  selector: LabelSelectorInput | undefined,
): ErrorList {
  const errs: ErrorList = [];
  for (const [field, keys] of [
    ['matchLabelKeys', match],
    ['mismatchLabelKeys', mismatch],
  ] as const) {
    if (keys.length === 0) continue;
    if (selector === undefined) {
      errs.push(forbidden([...path, field], 'must not be specified when labelSelector is not set'));
      continue;
    }
    keys.forEach((k, i) => {
      errs.push(...validateLabelName(k, [...path, field, i]));
    });
  }
  if (selector !== undefined) {
    const inLabels = new Set(Object.keys(selector.matchLabels ?? {}));
    for (const e of selector.matchExpressions ?? []) {
      const i = match.lastIndexOf(e.key);
      if (i >= 0 && inLabels.has(e.key))
        errs.push(invalid([...path, i], e.key, 'exists in both matchLabelKeys and labelSelector'));
      inLabels.add(e.key);
    }
  }
  const mismatchSet = new Set(mismatch);
  match.forEach((k, i) => {
    if (mismatchSet.has(k))
      errs.push(
        invalid([...path, 'matchLabelKeys', i], k, 'exists in both matchLabelKeys and mismatchLabelKeys'),
      );
  });
  return errs;
}

function validateSchedulingGates(
  gates: ReadonlyArray<{ readonly name: string }>,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  gates.forEach((g, i) => {
    for (const msg of isQualifiedName(g.name)) errs.push(invalid([...path, i], g.name, msg));
    if (seen.has(g.name)) errs.push(duplicate([...path, i], g.name));
    seen.add(g.name);
  });
  return errs;
}

/** validateTopologySpreadConstraints. */
function validateTopologySpreadConstraints(
  cs: readonly TopologySpreadConstraintInput[],
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  cs.forEach((c, i) => {
    const at = [...path, i];
    errs.push(
      ...int32Field(c.maxSkew, [...at, 'maxSkew'], 'TopologySpreadConstraint.maxSkew'),
      ...int32Field(c.minDomains, [...at, 'minDomains'], 'TopologySpreadConstraint.minDomains'),
    );
    if (c.maxSkew <= 0) errs.push(invalid([...at, 'maxSkew'], c.maxSkew, 'must be greater than zero'));
    if (c.topologyKey === '') errs.push(required([...at, 'topologyKey'], 'can not be empty'));
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      errs.push(
        notSupported([...at, 'whenUnsatisfiable'], c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']),
      );
    }
    // The tuple {topologyKey, whenUnsatisfiable} names one kind of constraint: no repeats.
    if (
      cs
        .slice(i + 1)
        .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)
    ) {
      errs.push(
        duplicate([...at, '{topologyKey, whenUnsatisfiable}'], `{${c.topologyKey}, ${c.whenUnsatisfiable}}`),
      );
    }
    if (c.minDomains !== undefined) {
      if (c.minDomains <= 0)
        errs.push(invalid([...at, 'minDomains'], c.minDomains, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(
          invalid(
            [...at, 'minDomains'],
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`,
          ),
        );
      }
    }
    const keys = c.matchLabelKeys ?? [];
    if (keys.length > 0) {
      if (c.labelSelector === undefined)
        errs.push(
          forbidden([...at, 'matchLabelKeys'], 'must not be specified when labelSelector is not set'),
        );
      const inSelector = new Set([
        ...Object.keys(c.labelSelector?.matchLabels ?? {}),
        ...(c.labelSelector?.matchExpressions ?? []).map((e) => e.key),
      ]);
      keys.forEach((k, j) => {
        errs.push(...validateLabelName(k, [...at, 'matchLabelKeys', j]));
        if (inSelector.has(k))
          errs.push(
            invalid([...at, 'matchLabelKeys', j], k, 'exists in both matchLabelKeys and labelSelector'),
          );
      });
    }
    errs.push(...validateLabelSelector(c.labelSelector, [...at, 'labelSelector']));
  });
  return errs;
}
