// PodGC's events: its periodic gc() pass.

/** gc(): gcTerminated, gcTerminating and gcOrphaned, every gcCheckPeriod (lane Controller). */
export type PodGCEvent = { readonly kind: 'PodGCPass' };
