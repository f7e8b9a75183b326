import { BarChart, type BarSeriesOption, GraphChart, type GraphSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption, LegendComponent, type LegendComponentOption, TooltipComponent, type TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, type ECElementEvent, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only the ECharts parts the portal draws (bar, pie, line, graph; tooltip, grid, legend; canvas), not the whole library.
use([BarChart, PieChart, LineChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | LineSeriesOption | GraphSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

/** The portal's fonts on the canvas too, so Chinese labels render with the same CJK fonts as the page. */
const FONT = "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";

/**
 * A chart: one ECharts instance on a div, created on mount, resized with its box, disposed on unmount; a new
 * option replaces the old one whole. `onClick` receives the clicked data item's event.
 */
export function EChart({ option, height = 280, onClick, style, ...rest }: { option: ChartOption; height?: number; onClick?: (e: ECElementEvent) => void; style?: CSSProperties; 'data-testid'?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (e) => clickRef.current?.(e as ECElementEvent));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT }, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} data-testid={rest['data-testid']} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined, ...style }} />;
}
