import { Chart } from 'chart.js'

/**
 * The x value under a click on a chart drawn by LineChart inside the clicked element (epoch ms on a
 * time axis), or null outside the plotting area (the legend, the axes, a toolbar). Reads the chart
 * Chart.js drew on that canvas (`Chart.getChart`), so the chart component needs no click logic.
 */
export function xAtClick(event: MouseEvent): number | null {
  const canvas = (event.currentTarget as HTMLElement | null)?.querySelector('canvas')
  const chart = canvas ? Chart.getChart(canvas) : undefined
  if (!canvas || !chart) return null
  const box = canvas.getBoundingClientRect()
  const x = event.clientX - box.left
  const y = event.clientY - box.top
  const area = chart.chartArea
  if (x < area.left || x > area.right || y < area.top || y > area.bottom) return null
  const value = chart.scales.x.getValueForPixel(x)
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
