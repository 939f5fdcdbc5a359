import {
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  TimeScale,
  Tooltip,
  BarController,
  BarElement,
} from 'chart.js'
import 'chartjs-adapter-luxon'
import zoomPlugin from 'chartjs-plugin-zoom'

let done = false

/** Registers Chart.js pieces once: time scale (Luxon adapter), zoom/pan, decimation, no animation. */
export function setupCharts(): void {
  if (done) return
  done = true
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    LinearScale,
    LogarithmicScale,
    CategoryScale,
    TimeScale,
    Decimation,
    Filler,
    Legend,
    Tooltip,
    zoomPlugin,
  )
  // Big series: no animation, and let the decimation plugin thin what still reaches the canvas.
  Chart.defaults.animation = false
  Chart.defaults.responsive = true
  Chart.defaults.maintainAspectRatio = false
  Chart.defaults.font.family =
    getComputedStyle(document.documentElement).getPropertyValue('--font-ui') || 'system-ui'
  Chart.defaults.plugins.decimation = { enabled: true, algorithm: 'min-max' } as never
}
