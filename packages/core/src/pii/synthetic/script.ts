/** Which Chinese script synthetic text is written in. Departments in Shenzhen write simplified; the project's
 *  own documents use traditional; detectors accept both. */
export type Script = 'traditional' | 'simplified';

/** The form of a "traditional|simplified" entry (or a one-form entry) in the given script. */
export function inScript(entry: string, script: Script): string {
  const bar = entry.indexOf('|');
  if (bar < 0) return entry;
  return script === 'traditional' ? entry.slice(0, bar) : entry.slice(bar + 1);
}
