// TensorFlow.js on the bench's MLP workloads, for the our/their ratios: the same network
// (784-256-128-10, ReLU, softmax cross-entropy on logits), He-normal weights, plain SGD or Adam,
// one optimizer.minimize per mini-batch over the same float32 data. Only the training loop is
// timed (data already in tensors). Backends: 'cpu' (plain JS kernels) and 'wasm' (XNNPACK, SIMD).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type TfBackend = 'cpu' | 'wasm';

export async function useBackend(name: TfBackend): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Samples per second of one pass over `x` (n × 784) in batches of `batch`. */
export function tfTrainSamplesPerSecond(x: Float32Array, labels: Int32Array, n: number, batch: number, optimizer: 'sgd' | 'adam', widths = [784, 256, 128, 10]): number {
  const [inputs, ...rest] = widths as [number, ...number[]];
  const xs = tf.tensor2d(x.subarray(0, n * inputs), [n, inputs]);
  const ys = tf.oneHot(tf.tensor1d(labels.subarray(0, n), 'int32'), rest[rest.length - 1]!).toFloat();
  const weights: tf.Variable[] = [];
  let fanIn = inputs;
  for (const out of rest) {
    weights.push(tf.variable(tf.randomNormal([fanIn, out], 0, Math.sqrt(2 / fanIn), 'float32', 1)));
    weights.push(tf.variable(tf.zeros([out])));
    fanIn = out;
  }
  const opt = optimizer === 'sgd' ? tf.train.sgd(0.01) : tf.train.adam(1e-3);
  const started = performance.now();
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    tf.tidy(() => {
      const xb = xs.slice([s, 0], [m, inputs]);
      const yb = ys.slice([s, 0], [m, rest[rest.length - 1]!]);
      opt.minimize(() => {
        let h: tf.Tensor2D = xb;
        for (let l = 0; l < weights.length; l += 2) {
          h = tf.add(tf.matMul(h, weights[l] as tf.Tensor2D), weights[l + 1]!);
          if (l + 2 < weights.length) h = tf.relu(h);
        }
        return tf.losses.softmaxCrossEntropy(yb, h) as tf.Scalar;
      }, false, weights);
    });
  }
  // Force the queued work to finish before the clock stops.
  weights[0]!.dataSync();
  const ms = performance.now() - started;
  opt.dispose();
  tf.dispose([xs, ys, ...weights]);
  return (n / ms) * 1000;
}
