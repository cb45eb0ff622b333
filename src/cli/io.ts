// Where CLI text goes, so that tests can run main() in-process and read what a user would see.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars). */
  readonly stderrIsTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Exit codes (interfaces.md §1). */
export const ExitCode = {
  Ok: 0,
  ExpectationFailed: 1,
  BadInput: 2,
  SimulationLimit: 3,
} as const;

/** Thrown by command handlers to end with a message and an exit code, without a stack trace. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
