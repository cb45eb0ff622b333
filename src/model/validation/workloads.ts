// Object-level validation for the kinds a scenario holds, as the API server runs it on create:
// Pod (pkg/apis/core/validation ValidatePodCreate), Node (ValidateNode), Namespace (ValidateNamespace),
// Deployment / ReplicaSet / DaemonSet (pkg/apis/apps/validation), Job (pkg/apis/batch/validation) and
// PriorityClass (pkg/apis/scheduling/validation), each after the v1 defaults those kinds get
// (pkg/apis/apps/v1/defaults.go: strategy RollingUpdate 25%/25%, DaemonSet maxUnavailable 1).

import { isValidLabelValue, isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from './content.js';
import {
  duplicate,
  type ErrorList,
  type FieldPath,
  forbidden,
  goMap,
  int32Field,
  invalid,
  notSupported,
  required,
  stringer,
} from './field.js';
import {
  isEmptySelector,
  type LabelSelectorInput,
  type ObjectMetaInput,
  selectorValue,
  validateLabelName,
  validateLabelSelector,
  validateObjectMeta,
} from './meta.js';
import {
  type PodSpecInput,
  type PodValidationOptions,
  validatePodCreateSpec,
  validatePodTemplate,
} from './pod.js';
import { type ResourceListInput, validateResourceQuantityValue } from './resources.js';

export type ValidationOptions = Omit<PodValidationOptions, 'resourceIsPod'>;

interface PodTemplateInput {
  readonly metadata?: ObjectMetaInput | undefined;
  readonly spec: PodSpecInput;
}

export function validatePod(
  pod: { readonly metadata: ObjectMetaInput; readonly spec: PodSpecInput },
  opts: ValidationOptions,
): ErrorList {
  return [
    ...validateObjectMeta(pod.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...validatePodCreateSpec(pod.spec, ['spec'], { ...opts, resourceIsPod: true }),
  ];
}

interface TaintInput {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

/** validateNodeTaints: key a label name, value a label value, effect required, unique by key and effect. */
export function validateTaints(taints: readonly TaintInput[], path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const at = [...path, i];
    errs.push(...validateLabelName(t.key, [...at, 'key']));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(invalid([...at, 'value'], t.value ?? '', msgs.join(';')));
    const id = `${t.effect}\u0000${t.key}`;
    if (seen.has(id)) {
      const value = `core.Taint{Key:${JSON.stringify(t.key)}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect)}, TimeAdded:<nil>}`;
      errs.push(duplicate(at, { go: value }, 'taints must be unique by key and effect pair'));
    } else {
      seen.add(id);
    }
  });
  return errs;
}

export function validateNode(node: {
  readonly metadata: ObjectMetaInput;
  readonly spec?: { readonly taints?: readonly TaintInput[] | undefined } | undefined;
  readonly status?:
    | {
        readonly capacity?: ResourceListInput | undefined;
        readonly allocatable?: ResourceListInput | undefined;
      }
    | undefined;
}): ErrorList {
  const errs = validateObjectMeta(node.metadata, { nameFn: nameIsDNSSubdomain, namespaced: false }, [
    'metadata',
  ]);
  errs.push(...validateTaints(node.spec?.taints ?? [], ['spec', 'taints']));
  for (const list of ['capacity', 'allocatable'] as const) {
    for (const [name, q] of Object.entries(node.status?.[list] ?? {})) {
      errs.push(...validateResourceQuantityValue(name, q, ['status', list, name]));
    }
  }
  return errs;
}

export function validateNamespace(ns: { readonly metadata?: ObjectMetaInput | undefined }): ErrorList {
  return validateObjectMeta(ns.metadata ?? {}, { nameFn: nameIsDNSLabel, namespaced: false }, ['metadata']);
}

/** IntOrString as written: a number, or a string such as "25%". */
export type IntOrPercent = number | string;

function intOrPercentValue(v: IntOrPercent): number {
  if (typeof v === 'number') return v;
  return /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : Number(v);
}

/** ValidatePositiveIntOrPercent: a non-negative count, or a percentage string ("5" is not one). */
export function validateIntOrPercent(v: IntOrPercent, path: FieldPath): ErrorList {
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
  return isValidPercent(v).map((msg) => invalid(path, stringer(v), msg));
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(v: IntOrPercent, path: FieldPath): ErrorList {
  return typeof v === 'string' && /^[0-9]+%$/.test(v) && Number(v.slice(0, -1)) > 100
    ? [invalid(path, stringer(v), 'must not be greater than 100%')]
    : [];
}

interface SelectorAndTemplate {
  readonly selector?: LabelSelectorInput | undefined;
  readonly template: PodTemplateInput;
}

/** The selector rules shared by Deployments, ReplicaSets and DaemonSets (kind names the message). */
function validateControllerSelector(spec: SelectorAndTemplate, kind: string, path: FieldPath): ErrorList {
  const errs: ErrorList = [];
  const sel = spec.selector;
  if (sel === undefined) return [required([...path, 'selector'])];
  errs.push(...validateLabelSelector(sel, [...path, 'selector']));
  if (isEmptySelector(sel))
    errs.push(invalid([...path, 'selector'], selectorValue(sel), `empty selector is invalid for ${kind}`));
  else if (!selectorMatches(sel, spec.template.metadata?.labels ?? {})) {
    errs.push(
      invalid(
        [...path, 'template', 'metadata', 'labels'],
        goMap(spec.template.metadata?.labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  return errs;
}

/** metav1.LabelSelectorAsSelector(...).Matches(labels). */
export function selectorMatches(sel: LabelSelectorInput, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key] as string;
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** ValidatePodTemplateSpecForReplicaSet's restart policy and deadline rules (Deployment, ReplicaSet, DaemonSet). */
function validateAlwaysRestartingTemplate(
  template: PodTemplateInput,
  kind: string,
  path: FieldPath,
): ErrorList {
  const errs: ErrorList = [];
  const policy = template.spec.restartPolicy ?? 'Always';
  if (policy !== 'Always') errs.push(notSupported([...path, 'spec', 'restartPolicy'], policy, ['Always']));
  if (template.spec.activeDeadlineSeconds !== undefined) {
    errs.push(
      forbidden(
        [...path, 'spec', 'activeDeadlineSeconds'],
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
  return errs;
}

const nonNegative = (v: number | undefined, path: FieldPath): ErrorList =>
  v !== undefined && v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];

interface RollingUpdateInput {
  readonly maxSurge?: IntOrPercent | undefined;
  readonly maxUnavailable?: IntOrPercent | undefined;
}

export function validateDeployment(
  d: {
    readonly metadata: ObjectMetaInput;
    readonly spec: SelectorAndTemplate & {
      readonly replicas?: number | undefined;
      readonly strategy?:
        | { readonly type?: string | undefined; readonly rollingUpdate?: RollingUpdateInput | undefined }
        | undefined;
      readonly minReadySeconds?: number | undefined;
      readonly revisionHistoryLimit?: number | undefined;
      readonly progressDeadlineSeconds?: number | undefined;
    };
  },
  opts: ValidationOptions,
): ErrorList {
  const s = d.spec;
  const errs = [
    ...validateObjectMeta(d.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...int32Field(s.replicas, ['spec', 'replicas'], 'DeploymentSpec.spec.replicas'),
    ...nonNegative(s.replicas, ['spec', 'replicas']),
    ...validateControllerSelector(s, 'deployment', ['spec']),
    ...validatePodTemplate(s.template, ['spec', 'template'], opts),
    ...validateAlwaysRestartingTemplate(s.template, 'ReplicaSet', ['spec', 'template']),
    ...validateDeploymentStrategy(s.strategy, ['spec', 'strategy']),
    ...nonNegative(s.minReadySeconds, ['spec', 'minReadySeconds']),
    ...nonNegative(s.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']),
  ];
  if (s.progressDeadlineSeconds !== undefined) {
    errs.push(...nonNegative(s.progressDeadlineSeconds, ['spec', 'progressDeadlineSeconds']));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(
        invalid(
          ['spec', 'progressDeadlineSeconds'],
          s.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

/** ValidateDeploymentStrategy after SetDefaults_Deployment (type RollingUpdate, 25% / 25%). */
function validateDeploymentStrategy(
  strategy:
    | { readonly type?: string | undefined; readonly rollingUpdate?: RollingUpdateInput | undefined }
    | undefined,
  path: FieldPath,
): ErrorList {
  const type = strategy?.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    return strategy?.rollingUpdate !== undefined
      ? [forbidden([...path, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  const ru = {
    maxSurge: strategy?.rollingUpdate?.maxSurge ?? '25%',
    maxUnavailable: strategy?.rollingUpdate?.maxUnavailable ?? '25%',
  };
  const at = [...path, 'rollingUpdate'];
  const errs = [
    ...validateIntOrPercent(ru.maxUnavailable, [...at, 'maxUnavailable']),
    ...validateIntOrPercent(ru.maxSurge, [...at, 'maxSurge']),
  ];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalid(
        [...at, 'maxUnavailable'],
        stringer(String(ru.maxUnavailable)),
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, [...at, 'maxUnavailable']));
  return errs;
}

export function validateReplicaSet(
  rs: {
    readonly metadata: ObjectMetaInput;
    readonly spec: SelectorAndTemplate & {
      readonly replicas?: number | undefined;
      readonly minReadySeconds?: number | undefined;
    };
  },
  opts: ValidationOptions,
): ErrorList {
  return [
    ...validateObjectMeta(rs.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...int32Field(rs.spec.replicas, ['spec', 'replicas'], 'ReplicaSetSpec.spec.replicas'),
    ...nonNegative(rs.spec.replicas, ['spec', 'replicas']),
    ...nonNegative(rs.spec.minReadySeconds, ['spec', 'minReadySeconds']),
    // Upstream's ReplicaSet message says "deployment" too.
    ...validateControllerSelector(rs.spec, 'deployment', ['spec']),
    ...validatePodTemplate(rs.spec.template, ['spec', 'template'], opts),
    ...validateAlwaysRestartingTemplate(rs.spec.template, 'ReplicaSet', ['spec', 'template']),
  ];
}

export function validateDaemonSet(
  ds: {
    readonly metadata: ObjectMetaInput;
    readonly spec: SelectorAndTemplate & {
      readonly updateStrategy?:
        | { readonly type?: string | undefined; readonly rollingUpdate?: RollingUpdateInput | undefined }
        | undefined;
      readonly minReadySeconds?: number | undefined;
      readonly revisionHistoryLimit?: number | undefined;
    };
  },
  opts: ValidationOptions,
): ErrorList {
  const s = ds.spec;
  const errs = [
    ...validateObjectMeta(ds.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...validateControllerSelector(s, 'daemonset', ['spec']),
    ...validatePodTemplate(s.template, ['spec', 'template'], opts),
    ...validateAlwaysRestartingTemplate(s.template, 'DaemonSet', ['spec', 'template']),
    ...nonNegative(s.minReadySeconds, ['spec', 'minReadySeconds']),
    ...nonNegative(s.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']),
  ];
  const type = s.updateStrategy?.type ?? 'RollingUpdate';
  if (type === 'RollingUpdate') {
    // SetDefaults_DaemonSet: maxUnavailable 1, maxSurge 0.
    const ru = s.updateStrategy?.rollingUpdate;
    const maxUnavailable = ru?.maxUnavailable ?? 1;
    const maxSurge = ru?.maxSurge ?? 0;
    const at = ['spec', 'updateStrategy', 'rollingUpdate'];
    errs.push(
      ...validateIntOrPercent(maxUnavailable, [...at, 'maxUnavailable']),
      ...validateIntOrPercent(maxSurge, [...at, 'maxSurge']),
      ...notMoreThan100Percent(maxUnavailable, [...at, 'maxUnavailable']),
      ...notMoreThan100Percent(maxSurge, [...at, 'maxSurge']),
    );
    const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(maxSurge) !== 0;
    if (hasUnavailable && hasSurge) {
      errs.push(
        invalid(
          [...at, 'maxSurge'],
          stringer(String(maxSurge)),
          'may not be set when maxUnavailable is non-zero',
        ),
      );
    } else if (!hasUnavailable && !hasSurge) {
      errs.push(required([...at, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0'));
    }
  }
  return errs;
}

export function validateJob(
  job: {
    readonly metadata: ObjectMetaInput;
    readonly spec: {
      readonly template: PodTemplateInput;
      readonly parallelism?: number | undefined;
      readonly completions?: number | undefined;
      readonly completionMode?: string | undefined;
      readonly backoffLimit?: number | undefined;
      readonly activeDeadlineSeconds?: number | undefined;
      readonly ttlSecondsAfterFinished?: number | undefined;
      readonly selector?: LabelSelectorInput | undefined;
      readonly manualSelector?: boolean | undefined;
    };
  },
  opts: ValidationOptions,
): ErrorList {
  const s = job.spec;
  const errs = [
    ...validateObjectMeta(job.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...int32Field(s.parallelism, ['spec', 'parallelism'], 'JobSpec.spec.parallelism'),
    ...int32Field(s.completions, ['spec', 'completions'], 'JobSpec.spec.completions'),
    ...int32Field(s.backoffLimit, ['spec', 'backoffLimit'], 'JobSpec.spec.backoffLimit'),
    ...nonNegative(s.parallelism, ['spec', 'parallelism']),
    ...nonNegative(s.completions, ['spec', 'completions']),
    ...nonNegative(s.activeDeadlineSeconds, ['spec', 'activeDeadlineSeconds']),
    ...nonNegative(s.backoffLimit, ['spec', 'backoffLimit']),
    ...nonNegative(s.ttlSecondsAfterFinished, ['spec', 'ttlSecondsAfterFinished']),
  ];
  if (s.completionMode === 'Indexed' && s.completions === undefined) {
    errs.push(required(['spec', 'completions'], 'when completion mode is Indexed'));
  }
  errs.push(...validatePodTemplate(s.template, ['spec', 'template'], opts));
  const policy = s.template.spec.restartPolicy ?? 'Always';
  if (policy !== 'OnFailure' && policy !== 'Never') {
    errs.push(notSupported(['spec', 'template', 'spec', 'restartPolicy'], policy, ['OnFailure', 'Never']));
  }
  if (s.manualSelector === true) {
    // A manual selector must match the template (ValidateJobSpec); without one the API generates it.
    if (s.selector === undefined) errs.push(required(['spec', 'selector']));
    else {
      errs.push(...validateLabelSelector(s.selector, ['spec', 'selector']));
      if (!selectorMatches(s.selector, s.template.metadata?.labels ?? {})) {
        errs.push(
          invalid(
            ['spec', 'template', 'metadata', 'labels'],
            goMap(s.template.metadata?.labels),
            '`selector` does not match template `labels`',
          ),
        );
      }
    }
  } else if (
    s.selector !== undefined &&
    !isGeneratedSelector(s.selector, job.metadata.uid, s.template.metadata?.labels ?? {})
  ) {
    // ValidateGeneratedSelector: a selector the user wrote cannot match the generated controller-uid
    // label; a dumped Job's own generated one (its metadata.uid in selector and template) passes.
    errs.push(invalid(['spec', 'selector'], selectorValue(s.selector), '`selector` not auto-generated'));
  }
  return errs;
}

/**
 * The selector generateSelector writes for a Job of this uid (batch.kubernetes.io/controller-uid, or the
 * legacy controller-uid key), with the template carrying the same label.
 */
function isGeneratedSelector(
  sel: LabelSelectorInput,
  uid: string | undefined,
  templateLabels: Readonly<Record<string, string>>,
): boolean {
  if (uid === undefined || uid === '' || (sel.matchExpressions ?? []).length > 0) return false;
  const entries = Object.entries(sel.matchLabels ?? {});
  if (entries.length !== 1) return false;
  const [key, value] = entries[0] as [string, string];
  const known = key === 'batch.kubernetes.io/controller-uid' || key === 'controller-uid';
  return known && value === uid && templateLabels[key] === uid;
}

/** scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The system classes IsKnownSystemPriorityClass compares against (pkg/apis/scheduling/types.go). */
const SYSTEM_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

export function validatePriorityClass(pc: {
  readonly metadata: ObjectMetaInput;
  readonly value: number;
  readonly globalDefault?: boolean | undefined;
}): ErrorList {
  const errs = validateObjectMeta(pc.metadata, { nameFn: nameIsDNSSubdomain, namespaced: false }, [
    'metadata',
  ]);
  errs.push(...int32Field(pc.value, ['value'], 'PriorityClass.value'));
  const name = pc.metadata.name ?? '';
  if (name.startsWith('system-')) {
    const known = SYSTEM_CLASSES[name];
    const why =
      known === undefined
        ? `${name} is not a known system priority class`
        : pc.value !== known
          ? `value of ${name} PriorityClass must be ${known}`
          : pc.globalDefault === true
            ? `globalDefault of ${name} PriorityClass must be false`
            : '';
    if (why !== '') {
      errs.push(
        forbidden(
          ['metadata', 'name'],
          `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`,
        ),
      );
    }
  } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        ['value'],
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  return errs;
}
