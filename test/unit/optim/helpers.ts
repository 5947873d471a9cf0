// Shared by the optimizer tests: run a parsed spec on a surface with our engine.
import { optimizerSpec, type SurfaceName } from '../../../preload/spec';
import { createOptimizer, type Optimizer, type Vec } from '../../../main/engine/optim';
import { SURFACES } from '../../../main/engine/surfaces';

export function parse(spec: unknown) {
  return optimizerSpec.parse(spec);
}

/** θ after each of `steps` updates (flattened x, y pairs), with lr(t) as the schedule. */
export function run(
  opt: Optimizer,
  surface: SurfaceName,
  start: [number, number],
  steps: number,
  lr: (t: number) => number,
  kind: 'f64' | 'f32' = 'f64',
): { points: number[]; state: unknown } {
  const params: Vec = kind === 'f32' ? Float32Array.from(start) : Float64Array.from(start);
  const grads: Vec = kind === 'f32' ? new Float32Array(2) : new Float64Array(2);
  const state = opt.init(params);
  const points: number[] = [];
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = SURFACES[surface].gradient(params[0]!, params[1]!);
    grads[0] = gx;
    grads[1] = gy;
    opt.update(grads, state, params, lr(t));
    points.push(params[0]!, params[1]!);
  }
  return { points, state };
}

export function engine(spec: unknown, seed = 1): Optimizer {
  return createOptimizer(parse(spec), { seed });
}
