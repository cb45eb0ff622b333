// The cluster-autoscaler's simulation event: one timer kind (the loop, an instance registering or going
// away, a step of a node deletion), so the loop's own logic stays free of the engine.

/** Timers the loop asks for; the component turns each into an AutoscalerTimer event. */
export type AutoscalerTimer =
  | { readonly type: 'loop' }
  | { readonly type: 'register'; readonly name: string }
  | { readonly type: 'gone'; readonly name: string }
  | { readonly type: 'deletion'; readonly node: string; readonly step: 'afterTaint' | 'poll' | 'deadline' };

export type AutoscalerEvent = { readonly kind: 'AutoscalerTimer'; readonly timer: AutoscalerTimer };
