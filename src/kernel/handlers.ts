// Handler tables. A component exports a function that returns handlers for exactly its own event kinds
// (HandlersFor<ItsEvents>); the composition root spreads them into one table typed over every kind, so
// a kind without a handler is a compile error there. Handlers are created once per run, bound to their
// component instance: dispatching an event is one property read and one call.

import type { KernelEvent } from './kernel.js';

export type Handler<E extends KernelEvent> = (event: E) => void;

/** Handlers for exactly the kinds of E. */
export type HandlersFor<E extends KernelEvent> = {
  readonly [K in E['kind']]: Handler<Extract<E, { kind: K }>>;
};
