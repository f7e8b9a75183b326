import type { UsagePolicy } from '@shuyun/core/policy/usage-policy';
import type { GovernedContext, GovernedDataset } from './types.ts';

/**
 * The governed-query context of a grant: for each session view, the fields its policy target grants with their
 * controls, the policy's minimum number of subjects, and the row cap. A resource the policy does not target is left
 * out (the query cannot name it).
 */
export function governedContextFromPolicy(
  policy: Pick<UsagePolicy, 'targets' | 'minSubjects'>,
  views: Readonly<Record<string, { resource: string; subjectKey: string }>>,
  maxRows: number,
): GovernedContext {
  const out: Record<string, GovernedDataset> = {};
  for (const [view, v] of Object.entries(views)) {
    const target = policy.targets.find((t) => t.resource === v.resource);
    if (!target) continue;
    out[view] = { resource: v.resource, subjectKey: v.subjectKey, fields: target.fields.map((f) => ({ name: f.name, control: f.control })) };
  }
  return { datasets: out, minSubjects: policy.minSubjects, maxRows };
}
