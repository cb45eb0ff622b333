// Resource names and quantities in requests, limits, overhead and node capacity
// (pkg/apis/core/validation validateResourceRequirements, validateContainerResourceName,
// ValidateResourceQuantityValue; pkg/apis/core/helper resource-name predicates).

import { parseMilliQuantity } from '../quantity.js';
import { isQualifiedName } from './content.js';
import { type ErrorList, type FieldPath, forbidden, invalid, required, stringer } from './field.js';

export type QuantityInput = string | number;
export type ResourceListInput = Readonly<Record<string, QuantityInput>>;

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** helper.standardResources: names valid without a domain prefix. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
/** Counted resources that must be whole numbers (helper.integerResources). */
const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

export const isHugePageResourceName = (name: string) => name.startsWith('hugepages-');

/** IsNativeResource: no domain, or a kubernetes.io domain. */
export const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');

/** IsExtendedResourceName: a domain-prefixed, non-native name that is also valid as "requests.<name>". */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** IsOvercommitAllowed: native resources except hugepages; extended resources are not overcommittable. */
export const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePageResourceName(name);

const isStandardResourceName = (name: string) => STANDARD_RESOURCES.has(name) || isHugePageResourceName(name);
const isIntegerResourceName = (name: string) => INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);

/** Quantity.String() for messages: the quantity as written (kubesim keeps no canonical form). */
export function quantityText(q: QuantityInput): string {
  return typeof q === 'number' ? String(q) : q.trim();
}

/** validateResourceName: a qualified name, standard unless it has a domain. */
export function validateResourceName(name: string, path: FieldPath): ErrorList {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** validateContainerResourceName: standard container resources, hugepages, or extended resources. */
export function validateContainerResourceName(name: string, path: FieldPath): ErrorList {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** validatePodResourceName: pod-level resources are cpu, memory and hugepages (IsSupportedPodLevelResource). */
function validatePodResourceName(name: string, path: FieldPath): ErrorList {
  const errs = validateResourceName(name, path);
  if (errs.length > 0) return errs;
  if (name !== 'cpu' && name !== 'memory' && !isHugePageResourceName(name)) {
    errs.push({
      type: 'NotSupported',
      path,
      value: name,
      detail: 'supported values: "cpu", "hugepages-", "memory"',
    });
  }
  return errs;
}

/**
 * ValidateResourceQuantityValue: never negative (the zod schema already refuses a negative quantity with
 * this message), and whole for counted and extended resources.
 */
export function validateResourceQuantityValue(name: string, q: QuantityInput, path: FieldPath): ErrorList {
  if (isIntegerResourceName(name) && parseMilliQuantity(q) % 1000 !== 0) {
    return [invalid(path, stringer(quantityText(q)), 'must be an integer')];
  }
  return [];
}

export interface ResourceRequirementsInput {
  readonly requests?: ResourceListInput | undefined;
  readonly limits?: ResourceListInput | undefined;
  readonly claims?: unknown;
}

/** validateResourceRequirements for a container (`pod` false) or for pod-level resources (`pod` true). */
export function validateResourceRequirements(
  req: ResourceRequirementsInput,
  path: FieldPath,
  pod = false,
): ErrorList {
  const nameFn = pod ? validatePodResourceName : validateContainerResourceName;
  const errs: ErrorList = [];
  const limits = req.limits ?? {};
  const requests = req.requests ?? {};
  let cpuOrMemory = false;
  let hugePages = false;
  const note = (name: string) => {
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePageResourceName(name)) hugePages = true;
  };
  for (const [name, q] of Object.entries(limits)) {
    const at = [...path, 'limits', name];
    errs.push(...nameFn(name, at), ...validateResourceQuantityValue(name, q, at));
    note(name);
  }
  for (const [name, q] of Object.entries(requests)) {
    const at = [...path, 'requests', name];
    errs.push(...nameFn(name, at), ...validateResourceQuantityValue(name, q, at));
    const limit = limits[name];
    if (limit !== undefined) {
      const cmp = Math.sign(parseMilliQuantity(q) - parseMilliQuantity(limit));
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          invalid(
            [...path, 'requests'],
            quantityText(q),
            `must be equal to ${name} limit of ${quantityText(limit)}`,
          ),
        );
      } else if (cmp > 0) {
        errs.push(
          invalid(
            [...path, 'requests'],
            quantityText(q),
            `must be less than or equal to ${name} limit of ${quantityText(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required([...path, 'limits'], 'Limit must be set for non overcommitable resources'));
    }
    note(name);
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  if (pod && req.claims !== undefined)
    errs.push(forbidden([...path, 'claims'], 'claims cannot be set for Resources at pod-level'));
  return errs;
}
