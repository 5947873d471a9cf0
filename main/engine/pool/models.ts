// Every model kind the pool can train, by name. Workers build instances from these factories;
// the network engine adds its MLP here (README.md, "Plugging in a model").
import { linearModel } from './linear';
import type { ModelFactory } from './model';

export const MODELS: Record<string, ModelFactory> = {
  linear: linearModel,
};
