// Events owned by the simulation core: metric samples.

export type CoreEvent = { readonly kind: 'MetricsSample' };
