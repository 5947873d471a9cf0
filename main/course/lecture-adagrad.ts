// Adagrad as the lecture writes it: σ_t = the root mean square of all past gradients of each
// parameter, θ_{t+1} = θ_t − (η/σ_t)·g_t, with a constant η. (The engine's Adagrad, PyTorch's,
// divides by √Σg² instead — which is this one with the decay η_t = η/√(t+1).) Once the gradients
// have become tiny, σ_t shrinks and the steps grow again: the late blow-up of §4.
import { DESCENT_SLICE, type Descent, type Objective } from './descent';
import { finish } from './slice';

export function lectureAdagrad(objective: Objective, start: readonly number[], lr: number, steps: number, eps = 1e-10): Descent {
  return finish(lectureAdagradSteps(objective, start, lr, steps, eps));
}

/** The same, as a generator yielding every DESCENT_SLICE updates (for a Slicer). */
export function* lectureAdagradSteps(objective: Objective, start: readonly number[], lr: number, steps: number, eps = 1e-10): Generator<void, Descent> {
  const theta = Float64Array.from(start);
  const meanSq = new Float64Array(theta.length);
  const out: Descent = { path: [Array.from(theta)], loss: [objective.at(theta, 0).loss], gradNorm: [], lr: [], status: 'completed', steps: 0, notes: {} };
  for (let t = 0; t < steps; t++) {
    const { grad } = objective.at(theta, t);
    for (let i = 0; i < theta.length; i++) {
      meanSq[i] = (meanSq[i]! * t + grad[i]! ** 2) / (t + 1);
      theta[i]! -= (lr * grad[i]!) / (Math.sqrt(meanSq[i]!) + eps);
    }
    const loss = objective.at(theta, t + 1).loss;
    if (!Number.isFinite(loss)) {
      out.status = 'diverged';
      break;
    }
    out.steps = t + 1;
    out.path.push(Array.from(theta));
    out.loss.push(loss);
    out.gradNorm.push(Math.hypot(...grad));
    out.lr.push(lr);
    if ((t + 1) % DESCENT_SLICE === 0) yield;
  }
  return out;
}
