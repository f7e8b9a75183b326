// What a command may touch of its process: output streams, environment, clock. Injected so tests run the
// commands in-process and read what they printed, and so cosignature times can be fixed.
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
};

/** Exit codes shared by the ledger commands; 4 is the witness's refusal, distinct from an ordinary failure. */
export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 4 } as const;

/** 1234567 → "1,234,567": counts are read by people checking a ledger, not by machines. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
