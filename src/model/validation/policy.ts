// PodDisruptionBudget validation on create (pkg/apis/policy/validation ValidatePodDisruptionBudget):
// minAvailable and maxUnavailable exclusive, each a non-negative count or a percentage of at most 100 %
// (apps validation ValidatePositiveIntOrPercent / IsNotMoreThan100Percent), the selector a valid label
// selector, unhealthyPodEvictionPolicy one of IfHealthyBudget, AlwaysAllow; the object's metadata as any
// namespaced object (a DNS subdomain name).

import { nameIsDNSSubdomain } from './content.js';
import { type ErrorList, invalid, notSupported } from './field.js';
import {
  type LabelSelectorInput,
  type ObjectMetaInput,
  validateLabelSelector,
  validateObjectMeta,
} from './meta.js';
import { type IntOrPercent, notMoreThan100Percent, validateIntOrPercent } from './workloads.js';

export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

export function validatePodDisruptionBudget(pdb: {
  readonly metadata: ObjectMetaInput;
  readonly spec: {
    readonly minAvailable?: IntOrPercent | undefined;
    readonly maxUnavailable?: IntOrPercent | undefined;
    readonly selector?: LabelSelectorInput | undefined;
    readonly unhealthyPodEvictionPolicy?: string | undefined;
  };
}): ErrorList {
  const errs = validateObjectMeta(pdb.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, [
    'metadata',
  ]);
  const spec = pdb.spec;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    errs.push(
      invalid(
        ['spec'],
        { go: 'policy.PodDisruptionBudgetSpec{...}' },
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[field];
    if (v === undefined) continue;
    errs.push(...validateIntOrPercent(v, ['spec', field]), ...notMoreThan100Percent(v, ['spec', field]));
  }
  errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly string[]).includes(policy))
    errs.push(notSupported(['spec', 'unhealthyPodEvictionPolicy'], policy, UNHEALTHY_POD_EVICTION_POLICIES));
  return errs;
}
