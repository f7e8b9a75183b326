// In-memory IO, so tests run the commands in-process and read what they printed.
import type { CliIo } from './io.ts';

export interface MemoryIo extends CliIo {
  readonly out: string;
  readonly err: string;
}

export function memoryIo(env: Record<string, string> = {}, now: () => Date = () => new Date()): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    now,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}
