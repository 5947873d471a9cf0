// The Network lab's presets. The three of the lecture's comparison (LECTURE §1: a deep plain net
// trains worse than a shallow one — an optimization failure — and the same deep net with residual
// connections trains best) set the whole experiment, not only the layers: with the lab's default
// Adam on spirals a plain 9-layer ReLU net trains fine and shows nothing. The settings are the
// ones under which plain depth fails and shortcuts fix it, as Course §1 does with sigmoid layers;
// here the lab's residual block is relu(x + F(x)) (He et al. 2016), so the layers are ReLU, with
// Xavier init, whose variance 1/fan halves the signal at every ReLU layer: after twenty layers
// the plain net's gradient has all but vanished, while the identity path carries it.
import { optimizerSpec } from '../../preload/spec';
import { entryForm } from './forms';
import { advancedForm, defaultOutput, layerForm, presetLayers, type NetworkForm, type Preset } from './networkForm';

/** Shared by the three comparison presets: only the layers differ. */
export const COMPARISON = { source: 'moons', samples: 300, noise: 0.1, width: 16, depth: 20, lr: 0.02, momentum: 0.9, batchSize: 32, epochs: 30 } as const;

type Lecture = Exclude<Preset, 'mlp' | 'shallow'>;
const NAMES: Record<Lecture, string> = { lectureShallow: 'shallow', lectureDeepPlain: 'deep plain', lectureDeepResidual: 'deep residual' };

function comparisonLayers(preset: Lecture) {
  const { width, depth } = COMPARISON;
  const dense = () => layerForm('dense', width, 'relu');
  if (preset === 'lectureShallow') return [dense(), dense()];
  if (preset === 'lectureDeepPlain') return Array.from({ length: depth }, dense);
  // Two dense layers, then blocks of two: twenty dense layers, as in the plain net.
  return [dense(), dense(), ...Array.from({ length: (depth - 2) / 2 }, () => ({ ...layerForm('residual', width, 'relu'), depth: '2' }))];
}

/**
 * Puts a preset into the form: the network only for 'mlp' and 'shallow' (its hidden layers and the
 * builder's own output layer, whatever output part a stored experiment brought), the whole
 * experiment for the lecture's three.
 */
export function applyPreset(form: NetworkForm, preset: Preset): void {
  form.output = defaultOutput();
  if (preset === 'mlp' || preset === 'shallow') {
    form.layers = presetLayers(preset);
    return;
  }
  const c = COMPARISON;
  Object.assign(form, {
    name: NAMES[preset],
    source: c.source,
    samples: String(c.samples),
    noise: String(c.noise),
    standardize: false,
    layers: comparisonLayers(preset),
    shuffle: true,
    trainPass: true,
    loss: 'cross-entropy',
    entry: entryForm({ optimizer: optimizerSpec.parse({ name: 'sgdm', lr: c.lr, momentum: c.momentum }) }),
    batchSize: String(c.batchSize),
    epochs: String(c.epochs),
    validation: '0.2',
    test: '0',
    advanced: { ...advancedForm(), init: 'xavier' },
  } satisfies Partial<NetworkForm>);
}
