import { type Config, ConfigError, loadConfig } from '@shuyun/server';

/** Reads the configuration once; a bad variable ends the command with a message naming it. */
export function configOrExit(): Config | undefined {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`shuyun: ${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}
