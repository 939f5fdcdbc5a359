import type { IntervalMethod } from './conformal'

/**
 * The conformal variant every model is calibrated with unless asked otherwise, chosen by the interval
 * score measured on the fixture households (docs/training.md, "Prediction intervals").
 */
export const DEFAULT_INTERVAL_METHOD: IntervalMethod = 'step-hour'
