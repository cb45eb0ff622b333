// The label-selector matcher lives in the model layer (src/model/label-selector.ts) so that model
// code (the PV controller's volume matching) and components share one implementation.
export { isEmptySelector, matchesRequirement, matchesSelector } from '../model/label-selector.js';
