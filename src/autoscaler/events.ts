// The cluster-autoscaler's simulation event: one timer kind (the loop, an instance registering or going
// away, a step of a node deletion), so the loop's own logic stays free of the engine.

import type { AutoscalerTimer } from './host.js';

export type AutoscalerEvent = { readonly kind: 'AutoscalerTimer'; readonly timer: AutoscalerTimer };
