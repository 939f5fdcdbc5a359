/** The architecture of a forecasting model, shared by the from-scratch engine and the TensorFlow.js one. */
export interface ModelConfig {
  /** Features per time step: 1 (the scaled load) or a few (later: calendar features). Feature 0 is the load. */
  inputSize: number
  /** Window length T (time steps fed to the model). */
  seqLen: number
  /** Output steps P predicted from one window. */
  predSize: number
  /** Hidden size of each stacked LSTM layer, 1 to 4 layers. */
  hiddenSizes: number[]
  /**
   * 'dense': a dense head maps the last hidden state to the P outputs.
   * 'none': the study's "single cell" architecture, the last layer's hidden state IS the prediction
   * (requires the last hidden size = predSize; outputs lie in (−1, 1), so targets must be scaled into it).
   */
  head: 'dense' | 'none'
  /** Inverted dropout rate on the input of every layer after the first (between LSTM layers and before the head). */
  dropout: number
  /** Recurrent kernel initialisation: Glorot uniform like the other kernels, or orthogonal (Keras' default). */
  recurrentInit: 'glorot' | 'orthogonal'
  /** Initialise the forget-gate bias to 1 (Keras `unitForgetBias`), the other biases to 0. */
  unitForgetBias: boolean
  /** Seed of the random stream used for initialisation, shuffling and dropout. */
  seed: number
}

export const MAX_LAYERS = 4

/** A config with the usual defaults filled in. */
export function modelConfig(c: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>): ModelConfig {
  const config: ModelConfig = {
    inputSize: 1,
    hiddenSizes: [32],
    head: 'dense',
    dropout: 0,
    recurrentInit: 'glorot',
    unitForgetBias: true,
    seed: 1,
    ...c,
  }
  validateConfig(config)
  return config
}

/** Throws a clear error for an impossible architecture. */
export function validateConfig(c: ModelConfig): void {
  const positiveInt = (v: unknown, what: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new Error(`${what} must be a positive integer, got ${String(v)}`)
  }
  positiveInt(c.inputSize, 'inputSize')
  positiveInt(c.seqLen, 'seqLen')
  positiveInt(c.predSize, 'predSize')
  if (!Array.isArray(c.hiddenSizes) || c.hiddenSizes.length < 1 || c.hiddenSizes.length > MAX_LAYERS) {
    throw new Error(`hiddenSizes must list 1 to ${MAX_LAYERS} layer sizes`)
  }
  c.hiddenSizes.forEach((h, l) => positiveInt(h, `hiddenSizes[${l}]`))
  if (c.head !== 'dense' && c.head !== 'none')
    throw new Error(`head must be 'dense' or 'none', got ${String(c.head)}`)
  if (c.head === 'none' && c.hiddenSizes[c.hiddenSizes.length - 1] !== c.predSize) {
    throw new Error('single-cell architecture (head none) needs the last hidden size equal to predSize')
  }
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${c.dropout}`)
  if (c.recurrentInit !== 'glorot' && c.recurrentInit !== 'orthogonal')
    throw new Error('recurrentInit must be glorot or orthogonal')
  if (!Number.isInteger(c.seed)) throw new Error('seed must be an integer')
}

/** One named weight tensor inside the flat parameter vector. */
export interface ParamSpec {
  /** TensorFlow.js-style name: lstm_0/kernel, lstm_0/recurrent_kernel, lstm_0/bias, dense/kernel, dense/bias. */
  name: string
  shape: number[]
  offset: number
  size: number
  /** L2 weight decay applies to kernels, not to biases. */
  decay: boolean
}

/** The order and shapes of all weights: LSTM layers bottom-up (kernel [I, 4H], recurrent [H, 4H], bias [4H]), then the head. */
export function paramLayout(c: ModelConfig): ParamSpec[] {
  const specs: ParamSpec[] = []
  let offset = 0
  const add = (name: string, shape: number[], decay: boolean) => {
    const size = shape.reduce((a, b) => a * b, 1)
    specs.push({ name, shape, offset, size, decay })
    offset += size
  }
  let inSize = c.inputSize
  c.hiddenSizes.forEach((h, l) => {
    add(`lstm_${l}/kernel`, [inSize, 4 * h], true)
    add(`lstm_${l}/recurrent_kernel`, [h, 4 * h], true)
    add(`lstm_${l}/bias`, [4 * h], false)
    inSize = h
  })
  if (c.head === 'dense') {
    add('dense/kernel', [inSize, c.predSize], true)
    add('dense/bias', [c.predSize], false)
  }
  return specs
}

export function paramCount(specs: ParamSpec[]): number {
  return specs.reduce((n, s) => n + s.size, 0)
}

/** Multiply-add FLOPs of one forward pass for one sample (2 per multiply-add, matrix products only). */
export function forwardFlopsPerSample(c: ModelConfig): number {
  let flops = 0
  let inSize = c.inputSize
  for (const h of c.hiddenSizes) {
    flops += 2 * c.seqLen * (inSize + h) * 4 * h
    inSize = h
  }
  if (c.head === 'dense') flops += 2 * inSize * c.predSize
  return flops
}
