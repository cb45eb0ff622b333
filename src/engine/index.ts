// Public surface of the generic engine.
export * from './assert.js';
export * from './engine.js';
export * from './event-queue.js';
export * from './rng.js';
export * from './time.js';
export * from './trace.js';
