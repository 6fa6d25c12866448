// Row-major dense matrix of float64: the one data layout the forest reads. A typed array (not
// number[][]) keeps rows contiguous and the scoring loop free of per-row objects.
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrixFromRows(rows: readonly (readonly number[])[], cols?: number): Matrix {
  const c = cols ?? rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    data.set(row, i * c);
  });
  return { rows: rows.length, cols: c, data };
}

export function matrixRow(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}
