// Kubernetes API validation of the objects a scenario holds: the rules and messages of the API server
// (apimachinery, pkg/apis/core/validation, apps, batch and scheduling validation), as pure functions
// that return field errors. The scenario loader runs them on every manifest and reports each error with
// the file, line and path it came from.

export * from './content.js';
export * from './field.js';
export { type LimitRangeInput, type LimitRangeItemInput, validateLimitRange } from './limit-range.js';
export {
  isEmptySelector,
  type LabelSelectorInput,
  type ObjectMetaInput,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
} from './meta.js';
export { type PodSpecInput, validatePodCreateSpec, validatePodTemplate, validateTolerations } from './pod.js';
export { validatePodDisruptionBudget } from './policy.js';
export { validateResourceQuantityValue } from './resources.js';
export * from './volumes.js';
export * from './workloads.js';
