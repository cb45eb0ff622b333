// Events of the fault injector: the start and the end of the `index`-th entry of spec.faults.

export type FaultEvent =
  | { readonly kind: 'FaultStart'; readonly index: number }
  | { readonly kind: 'FaultEnd'; readonly index: number };
