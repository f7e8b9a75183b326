import { get, type Grant, type Items } from '../../api.ts';
import { useSession } from '../../shared/context.ts';
import { useAsync } from '../../shared/useAsync.ts';
import type { JobWithResults, ResultTableInfo } from './types.ts';

export interface ResultTables {
  grants: Grant[];
  /** every in-domain result table the caller can see, by id */
  byId: Map<string, ResultTableInfo>;
}

/**
 * The result tables of the grants the organization can see (each job's results, with the columns its dev run showed),
 * to name an export's result table and to offer tables to export. A grant whose jobs cannot be read is left out.
 */
export function useResultTables() {
  const s = useSession();
  return useAsync<ResultTables>(async () => {
    const grants = (await get<Items<Grant>>('/grants', s.lang)).items;
    const lists = await Promise.allSettled(grants.map((g) => get<Items<JobWithResults>>(`/grants/${g.id}/jobs`, s.lang)));
    const byId = new Map<string, ResultTableInfo>();
    lists.forEach((list, i) => {
      if (list.status !== 'fulfilled') return;
      for (const job of list.value.items) {
        for (const result of job.results) {
          const columns = job.devRun?.outputs.find((o) => o.output === result.name)?.columns ?? [];
          byId.set(result.id, { result, job, grantId: grants[i]!.id, columns });
        }
      }
    });
    return { grants, byId };
  }, [s.lang]);
}

/** A result table's label: its job and output, e.g. `by_industry / by_industry`. */
export function resultLabel(info: ResultTableInfo | undefined, fallbackId: string): string {
  if (!info) return fallbackId.slice(0, 8);
  return info.job.name === info.result.name ? info.result.name : `${info.job.name} / ${info.result.name}`;
}
