/**
 * Append-only typed arrays that grow by half their size: compact columns for millions of readings.
 * Three separate classes on purpose, not one generic class: `push` runs once per reading, and a class
 * shared by Float64Array, Float32Array and Uint8Array makes its element accesses polymorphic in V8.
 */

export class GrowableFloat64 {
  data: Float64Array
  length = 0
  /** makes room for `capacity` elements at once (one copy instead of many when the size is known) */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return
    const next = new Float64Array(capacity)
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }
  constructor(capacity = 4096) {
    this.data = new Float64Array(capacity)
  }
  /**
   * Takes over `values` and the rest of its buffer as its own storage (a parse thread's column, transferred
   * with room for the rows still to come), instead of copying it; only when empty.
   */
  adopt(values: Float64Array): void {
    if (this.length !== 0) throw new Error('adopt: the column is not empty')
    const buffer = values.buffer as ArrayBuffer
    this.data = new Float64Array(
      buffer,
      values.byteOffset,
      (buffer.byteLength - values.byteOffset) / Float64Array.BYTES_PER_ELEMENT,
    )
    this.length = values.length
  }

  /** appends a block of values (the columns a parse thread hands back) */
  append(values: Float64Array): void {
    // grows by half when full: many small blocks (the row scanner's) cost no more than pushes
    const needed = this.length + values.length
    if (needed > this.data.length) this.reserve(Math.max(needed, Math.ceil(this.data.length * 1.5) + 1024))
    this.data.set(values, this.length)
    this.length += values.length
  }
  push(value: number): void {
    if (this.length === this.data.length) this.grow()
    this.data[this.length++] = value
  }
  private grow(): void {
    const next = new Float64Array(Math.ceil(this.data.length * 1.5) + 1024)
    next.set(this.data)
    this.data = next
  }
  /** the filled part (a view, not a copy) */
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

export class GrowableFloat32 {
  data: Float32Array
  length = 0
  /** makes room for `capacity` elements at once (one copy instead of many when the size is known) */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return
    const next = new Float32Array(capacity)
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }
  constructor(capacity = 4096) {
    this.data = new Float32Array(capacity)
  }
  /**
   * Takes over `values` and the rest of its buffer as its own storage (a parse thread's column, transferred
   * with room for the rows still to come), instead of copying it; only when empty.
   */
  adopt(values: Float32Array): void {
    if (this.length !== 0) throw new Error('adopt: the column is not empty')
    const buffer = values.buffer as ArrayBuffer
    this.data = new Float32Array(
      buffer,
      values.byteOffset,
      (buffer.byteLength - values.byteOffset) / Float32Array.BYTES_PER_ELEMENT,
    )
    this.length = values.length
  }

  /** appends a block of values (the columns a parse thread hands back) */
  append(values: Float32Array): void {
    // grows by half when full: many small blocks (the row scanner's) cost no more than pushes
    const needed = this.length + values.length
    if (needed > this.data.length) this.reserve(Math.max(needed, Math.ceil(this.data.length * 1.5) + 1024))
    this.data.set(values, this.length)
    this.length += values.length
  }
  push(value: number): void {
    if (this.length === this.data.length) this.grow()
    this.data[this.length++] = value
  }
  /** appends `count` copies of `value` (a column that appears in a later file is back-filled with NaN) */
  fill(value: number, count: number): void {
    while (this.length + count > this.data.length) this.grow()
    this.data.fill(value, this.length, this.length + count)
    this.length += count
  }
  private grow(): void {
    const next = new Float32Array(Math.ceil(this.data.length * 1.5) + 1024)
    next.set(this.data)
    this.data = next
  }
  view(): Float32Array {
    return this.data.subarray(0, this.length)
  }
}

export class GrowableUint8 {
  data: Uint8Array
  length = 0
  /** makes room for `capacity` elements at once (one copy instead of many when the size is known) */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return
    const next = new Uint8Array(capacity)
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }
  constructor(capacity = 4096) {
    this.data = new Uint8Array(capacity)
  }
  /**
   * Takes over `values` and the rest of its buffer as its own storage (a parse thread's column, transferred
   * with room for the rows still to come), instead of copying it; only when empty.
   */
  adopt(values: Uint8Array): void {
    if (this.length !== 0) throw new Error('adopt: the column is not empty')
    const buffer = values.buffer as ArrayBuffer
    this.data = new Uint8Array(
      buffer,
      values.byteOffset,
      (buffer.byteLength - values.byteOffset) / Uint8Array.BYTES_PER_ELEMENT,
    )
    this.length = values.length
  }

  /** appends a block of values (the columns a parse thread hands back) */
  append(values: Uint8Array): void {
    // grows by half when full: many small blocks (the row scanner's) cost no more than pushes
    const needed = this.length + values.length
    if (needed > this.data.length) this.reserve(Math.max(needed, Math.ceil(this.data.length * 1.5) + 1024))
    this.data.set(values, this.length)
    this.length += values.length
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(Math.ceil(this.data.length * 1.5) + 1024)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = value
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length)
  }
}
