import { type ComponentProps, lazy, Suspense } from 'react';
import type { EChart } from './EChart.tsx';

// ECharts is loaded with the first chart a page draws, not with the portal: most users never open a chart.
const LazyEChart = lazy(() => import('./EChart.tsx').then((m) => ({ default: m.EChart })));

/** A chart (see EChart), its code fetched on first use; the space it takes is kept while it loads. */
export function Chart(props: ComponentProps<typeof EChart>) {
  return (
    <Suspense fallback={<div data-testid={props['data-testid']} style={{ width: '100%', height: props.height ?? 280 }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}
