// The fitted forest as flat typed arrays, all trees in one pool. A node is an index i:
//   feature[i] >= 0: split node; x[feature] <= value[i] goes to left[i], else to left[i] + 1
//   feature[i] == -1: leaf; value[i] = depth + c(size[i]) (the path length it contributes)
// size[i] is the number of training sub-sample points that reached node i (for explanations).
// Children are allocated in pairs, so the right child needs no array of its own.
export interface FlatForest {
  readonly nFeatures: number;
  /** Sub-sample size psi actually used per tree. */
  readonly maxSamples: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly value: Float64Array;
  readonly left: Int32Array;
  readonly size: Int32Array;
}
