// Every model kind the pool can train, by name. Workers build instances from these factories
// (README.md, "Plugging in a model").
import { linearModel } from './linear';
import { mlpModel } from './mlp';
import type { ModelFactory } from './model';

export const MODELS: Record<string, ModelFactory> = {
  linear: linearModel,
  mlp: mlpModel,
};
