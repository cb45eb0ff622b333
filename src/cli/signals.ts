// What a killed kubesim leaves behind: nothing. While a hidden partial output exists, SIGINT, SIGTERM and
// SIGHUP remove it and exit with 128 + the signal number (as a shell reports a killed process). The
// handlers are installed only while there is something to remove, so Ctrl-C keeps its default effect
// (at once) everywhere else; long runs yield to the event loop between slices so a handler can run
// (interruptible.ts). Only the entry point enables this: in-process callers (tests) keep their own signals.

import { constants } from 'node:os';

type Cleanup = () => void;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const cleanups = new Set<Cleanup>();
let enabled = false;
let installed = false;

function onSignal(signal: (typeof SIGNALS)[number]): void {
  for (const fn of [...cleanups]) {
    try {
      fn();
    } catch {
      // best effort: the process is ending either way
    }
  }
  cleanups.clear();
  process.stderr.write(`kubesim: interrupted (${signal}); partial outputs removed\n`);
  process.exit(128 + constants.signals[signal]);
}

const handlers = new Map(SIGNALS.map((s) => [s, () => onSignal(s)] as const));

function sync(): void {
  const want = enabled && cleanups.size > 0;
  if (want === installed) return;
  for (const [signal, handler] of handlers) {
    if (want) process.on(signal, handler);
    else process.off(signal, handler);
  }
  installed = want;
}

/** Called once by the CLI's entry point. */
export function enableSignalCleanup(): void {
  enabled = true;
  sync();
}

/** Registers what to remove if the process is killed; returns the function that unregisters it. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  sync();
  return () => {
    cleanups.delete(cleanup);
    sync();
  };
}
