// Runs the API server's validation (src/model/validation) over every Kubernetes object a scenario holds:
// Nodes, node pools (their labels, taints, zones and capacity become Node objects), the manifests in
// spec.workloads, arrival and trace templates, and manifests applied by operations. It reads the raw
// document (after includes and --set, and after the schema accepted its shape), so values are checked
// as written: quantities in their units, absent fields absent. Also the Priority admission plugin's
// check that a Pod's priorityClassName exists. Returns problems as paths in the scenario with messages.

import { validateCronJob } from '../controllers/cronjob/validate.js';
import { SYSTEM_PRIORITY_CLASSES } from '../model/admission.js';
import type { PathSegment } from '../model/errors.js';
import type { Explained } from '../model/explain-issue.js';
import { defaultLimitRangeItem } from '../model/limit-range.js';
import {
  type ErrorList,
  errorBody,
  invalid,
  isValidLabelValue,
  type LimitRangeItemInput,
  type ObjectMetaInput,
  type PodSpecInput,
  type ValidationOptions,
  validateAnnotations,
  validateCSINode,
  validateDaemonSet,
  validateDeployment,
  validateJob,
  validateLabels,
  validateLimitRange,
  validateNamespace,
  validateNode,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePod,
  validatePodCreateSpec,
  validatePodDisruptionBudget,
  validatePriorityClass,
  validateReplicaSet,
  validateResourceQuantityValue,
  validateStorageClass,
  validateTaints,
} from '../model/validation/index.js';
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from '../model/version.js';
import type { Scenario } from './schema.js';

type Raw = Record<string, unknown>;

export function validateManifests(raw: Raw, scenario: Scenario): Explained[] {
  const spec = raw.spec as Raw;
  const opts = validationOptions(scenario);
  const out: Explained[] = [];
  const report = (base: readonly PathSegment[], errs: ErrorList) => {
    for (const e of errs) out.push({ path: [...base, ...e.path], message: errorBody(e) });
  };
  const cluster = (spec.cluster ?? {}) as Raw;
  asList(cluster.nodes).forEach((n, i) => {
    report(['spec', 'cluster', 'nodes', i], validateNode(n as never));
  });
  asList(cluster.nodePools).forEach((p, i) => {
    report(['spec', 'cluster', 'nodePools', i], validatePool(p as Raw));
  });

  const workloads = asList(spec.workloads) as Raw[];
  const classes = priorityClassValues(workloads);
  const admitPriority = !(scenario.spec.apiServer?.disableAdmissionPlugins ?? []).includes('Priority');
  workloads.forEach((w, i) => {
    const at = ['spec', 'workloads', i];
    report(at, validateObject(w, opts));
    if (w.kind === 'Pod' && admitPriority) report(at, admitPodPriority(w, classes));
  });
  asList(spec.arrivals).forEach((a, i) => {
    report(['spec', 'arrivals', i], validateArrival(a as Raw, opts));
  });
  asList(spec.operations).forEach((op, i) => {
    const m = (op as Raw).manifest;
    if (m !== undefined) report(['spec', 'operations', i, 'manifest'], validateObject(m as Raw, opts));
  });
  return out;
}

/** The release's validation switches (feature gates by kubernetesVersion and spec.apiServer.featureGates). */
export function validationOptions(scenario: Scenario): ValidationOptions {
  let minor: number;
  try {
    minor = parseKubeVersion(scenario.spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION).minor;
  } catch {
    minor = parseKubeVersion(DEFAULT_KUBERNETES_VERSION).minor; // reported by buildScenario
  }
  const gates = scenario.spec.apiServer?.featureGates;
  return {
    // PodLevelResources: alpha (off) in 1.32-1.33, beta and on by default from 1.34.
    podLevelResources: gates?.PodLevelResources ?? minor >= 34,
    // RelaxedEnvironmentVariableValidation: alpha 1.30, beta and on from 1.32, GA in 1.34 (KEP-4369).
    relaxedEnvVarNames: gates?.RelaxedEnvironmentVariableValidation ?? minor >= 32,
  };
}

/** A Pod manifest given outside a scenario (`kubesim explain --pod`), as the API server validates it. */
export function validatePodManifest(raw: Raw, scenario: Scenario): Explained[] {
  return validatePod(raw as never, validationOptions(scenario)).map((e) => ({
    path: [...e.path],
    message: errorBody(e),
  }));
}

/** One manifest of spec.workloads or an `apply` operation, by kind; ignored kinds are not validated. */
function validateObject(w: Raw, opts: ValidationOptions): ErrorList {
  switch (w.kind) {
    case 'Pod':
      return validatePod(w as never, opts);
    case 'Deployment':
      return validateDeployment(w as never, opts);
    case 'ReplicaSet':
      return validateReplicaSet(w as never, opts);
    case 'DaemonSet':
      return validateDaemonSet(w as never, opts);
    case 'Job':
      return validateJob(w as never, opts);
    case 'CronJob':
      return validateCronJob(w as never, opts);
    case 'ReplicationController':
      return validateReplicaSet(replicationControllerAsReplicaSet(w), opts);
    case 'PriorityClass':
      return validatePriorityClass(w as never);
    case 'PodDisruptionBudget':
      return validatePodDisruptionBudget(w as never);
    case 'Namespace':
      return validateNamespace(w as never);
    case 'LimitRange':
      return validateLimitRangeManifest(w);
    case 'PersistentVolumeClaim':
      return validatePersistentVolumeClaim(w as never);
    case 'PersistentVolume':
      return validatePersistentVolume(w as never);
    case 'StorageClass':
      return validateStorageClass(w as never);
    case 'CSINode':
      return validateCSINode(w as never);
    default:
      return [];
  }
}

/** ValidateLimitRange on the object as the API server defaults it first (SetDefaults_LimitRangeItem). */
function validateLimitRangeManifest(w: Raw): ErrorList {
  const spec = (w.spec ?? {}) as Raw;
  const limits = asList(spec.limits).map((l) => defaultLimitRangeItem(l as LimitRangeItemInput));
  return validateLimitRange({ metadata: (w.metadata ?? {}) as ObjectMetaInput, spec: { limits } });
}

/** core validation ValidateReplicationController: the same rules as a ReplicaSet's over a map selector. */
function replicationControllerAsReplicaSet(w: Raw): never {
  const spec = (w.spec ?? {}) as Raw;
  const template = (spec.template ?? {}) as Raw;
  const labels = ((template.metadata ?? {}) as Raw).labels;
  return { ...w, spec: { ...spec, selector: { matchLabels: spec.selector ?? labels ?? {} } } } as never;
}

/** PriorityClass name -> value, with the two system classes; '' -> the globalDefault class's value, or 0. */
function priorityClassValues(workloads: readonly Raw[]): ReadonlyMap<string, number> {
  // The system classes resolve without a PriorityClass object.
  const values = new Map<string, number>(SYSTEM_PRIORITY_CLASSES.map((c) => [c.name, c.value]));
  values.set('', 0); // scheduling.DefaultPriorityWhenNoDefaultClassExists
  for (const w of workloads) {
    if (w.kind !== 'PriorityClass') continue;
    const name = ((w.metadata ?? {}) as Raw).name as string;
    const value = typeof w.value === 'number' ? w.value : 0;
    values.set(name, value);
    if (w.globalDefault === true) values.set('', value);
  }
  return values;
}

/**
 * The Priority admission plugin on a Pod of spec.workloads (plugin/pkg/admission/priority admission.go
 * admitPod): its priorityClassName must name a class, and a spec.priority written in the manifest must
 * equal the value the plugin computes (the class's, else the globalDefault class's, else 0). Pods of
 * workloads go through the class check when their controller creates them and fail with FailedCreate
 * events, as upstream; only Pods written in the scenario are refused here.
 */
function admitPodPriority(pod: Raw, classes: ReadonlyMap<string, number>): ErrorList {
  const spec = pod.spec as PodSpecInput;
  const name = ((pod.metadata ?? {}) as ObjectMetaInput).name ?? '';
  const forbidden = (path: string, why: string): ErrorList => [
    { type: 'Admission', path: ['spec', path], detail: `pods ${JSON.stringify(name)} is forbidden: ${why}` },
  ];
  const pc = spec.priorityClassName ?? '';
  const computed = classes.get(pc);
  if (computed === undefined)
    return forbidden('priorityClassName', `no PriorityClass with name ${pc} was found`);
  if (spec.priority !== undefined && spec.priority !== computed)
    return forbidden(
      'priority',
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${computed} from the given PriorityClass name`,
    );
  return [];
}

/** A node pool's fields as the Node objects it generates carry them. */
function validatePool(pool: Raw): ErrorList {
  const errs = validateLabels(pool.labels as Record<string, string> | undefined, ['labels']);
  errs.push(...validateTaints(asList(pool.taints) as never, ['taints']));
  // zone and region become topology.kubernetes.io label values.
  const labelValue = (v: unknown, path: PathSegment[]) => {
    if (typeof v === 'string') for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  };
  labelValue(pool.zone, ['zone']);
  labelValue(pool.region, ['region']);
  asList(pool.zones).forEach((z, j) => {
    labelValue(z, ['zones', j]);
  });
  for (const list of ['capacity', 'allocatable'] as const) {
    for (const [name, q] of Object.entries((pool[list] ?? {}) as Record<string, string | number>)) {
      errs.push(...validateResourceQuantityValue(name, q, [list, name]));
    }
  }
  return errs;
}

/** Arrival templates: Pods and Jobs created at run time, named after the arrival. */
function validateArrival(a: Raw, opts: ValidationOptions): ErrorList {
  const errs: ErrorList = [];
  const t = a.template as Raw | undefined;
  if (t?.kind === 'Pod') errs.push(...prefixed(['template'], validateTemplatePod(t, opts)));
  if (t?.kind === 'Job') {
    const meta = { ...((t.metadata ?? {}) as Raw), name: `${a.name as string}-1` };
    errs.push(...prefixed(['template'], validateJob({ ...t, metadata: meta } as never, opts)));
  }
  const trace = a.trace as Raw | undefined;
  const tt = trace?.template as Raw | undefined;
  if (tt !== undefined) errs.push(...prefixed(['trace', 'template'], validateTemplatePod(tt, opts)));
  return errs;
}

/** A Pod manifest used as a template: its name is generated, the rest is validated as a Pod's. */
function validateTemplatePod(t: Raw, opts: ValidationOptions): ErrorList {
  const meta = (t.metadata ?? {}) as ObjectMetaInput;
  return [
    ...validateLabels(meta.labels, ['metadata', 'labels']),
    ...validateAnnotations(meta.annotations, ['metadata', 'annotations']),
    ...validatePodCreateSpec(t.spec as PodSpecInput, ['spec'], { ...opts, resourceIsPod: true }),
  ];
}

function prefixed(base: readonly PathSegment[], errs: ErrorList): ErrorList {
  return errs.map((e) => ({ ...e, path: [...base, ...e.path] }));
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
