// Compare's settings diff as people read it (layers as words, bilingual labels, 4-digit numbers,
// results in their own group, each run name once) and History's experiment kinds.
import { describe, expect, it } from 'vitest';
import { isMessageKey, translate, type Locale } from '../../../renderer/i18n/messages';
import { diffTable, distinctRunLabels, flatten, groupRows, layerText, modelText, runName, settingLabel, settingValue, shortNumber } from '../../../renderer/lab/settingsDiff';
import { experimentKindLabel } from '../../../renderer/lab/experimentKind';

const tkOf = (locale: Locale) => (key: string, params?: Record<string, string | number>) => (isMessageKey(key) ? translate(locale, key, params) : key);
const en = tkOf('en');
const zh = tkOf('zh-CN');

describe('layers', () => {
  it('reads a dense layer as its width and activation, the output layer as "output"', () => {
    expect(layerText({ dense: 32, activation: 'relu' })).toBe('32 relu');
    expect(layerText({ dense: 'output', activation: 'linear' })).toBe('output');
    expect(layerText({ dropout: 0.2 })).toBe('dropout 0.2');
    expect(layerText({ residual: [{ dense: 16, activation: 'relu' }, { dense: 16 }], activation: 'relu' })).toBe('residual(16 relu → 16) relu');
  });
  it('writes a run of equal layers once with its count, never as JSON', () => {
    const deep9 = [...Array.from({ length: 9 }, () => ({ dense: 16, activation: 'relu' })), { dense: 'output', activation: 'linear' }];
    expect(modelText(deep9)).toBe('16 relu ×9 → output');
    expect(modelText([{ dense: 32, activation: 'relu' }, { dense: 'output', activation: 'linear' }])).toBe('32 relu → output');
    expect(modelText(deep9)).not.toContain('{');
  });
  it('writes the layer words in the page’s language, the same in English as without one', () => {
    const deep2 = [{ dense: 16, activation: 'relu' }, { dense: 16, activation: 'relu' }, { dense: 'output', activation: 'linear' }];
    expect(modelText(deep2, zh)).toBe('16 relu ×2 → 输出层');
    expect(modelText(deep2, en)).toBe('16 relu ×2 → output');
    expect(modelText(deep2, zh)).not.toContain('output');
    const odd = [{ dropout: 0.2 }, { batchnorm: true }, { layernorm: true }, { residual: [{ dense: 16, activation: 'relu' }, { dense: 16 }], activation: 'relu' }];
    for (const layer of [...odd, deep2[2]!]) expect(layerText(layer, en)).toBe(layerText(layer));
    expect(odd.map((l) => layerText(l, zh))).toEqual(['丢弃层 0.2', '批归一化', '层归一化', '残差块(16 relu → 16) relu']);
    // An output layer with its own activation keeps it, in either language.
    expect(layerText({ dense: 'output', activation: 'sigmoid' }, zh)).toBe('输出层 sigmoid');
  });
});

describe('labels and values', () => {
  it('names rows in words in both languages, not as JSON paths', () => {
    expect(settingLabel('summary.trainLoss', en)).toBe('training loss (full pass)');
    expect(settingLabel('summary.trainLoss', zh)).toBe('训练损失（完整遍历）');
    expect(settingLabel('summary.samplesPerSecond', en)).toBe('samples per second');
    expect(settingLabel('optimizer.name', en)).toBe('Optimizer');
    expect(settingLabel('optimizer.beta1', en)).toBe('Optimizer: β₁ (beta1)');
    expect(settingLabel('optimizer.lr', zh)).toContain(zh('param.lr'));
    expect(settingLabel('data.source', en)).toBe('Data set');
    expect(settingLabel('model', en)).toBe('Layers');
    expect(settingLabel('model', zh)).toBe('网络层');
    // A field no message names still reads as words.
    expect(settingLabel('data.someNewField', en)).toBe('some new field');
  });
  it('shows numbers to 4 significant digits, integers and non-numbers as they are', () => {
    expect(shortNumber('0.276736')).toBe('0.2767');
    expect(shortNumber('0.0361306')).toBe('0.03613');
    expect(shortNumber('37702')).toBe('37702');
    expect(shortNumber('1e-7')).toBe('1e-7');
    expect(shortNumber('relu')).toBe('relu');
    expect(settingValue('summary.trainLoss', '0.276736', en)).toBe('0.2767');
    expect(settingValue('start', '-4.51234, 0.8', en)).toBe('-4.512, 0.8');
    expect(settingValue('summary.valAccuracy', '0.645', en)).toBe('64.5 %');
  });
  it('translates names: optimizer, data set, kind', () => {
    expect(settingValue('optimizer.name', 'sgdm', en)).toBe(en('optim.sgdm'));
    expect(settingValue('data.source', 'spiral', zh)).toBe(zh('net.source.spiral'));
    expect(settingValue('kind', 'network', en)).toBe('network');
    expect(settingValue('optimizer.name', 'not-an-optimizer', en)).toBe('not-an-optimizer');
  });
});

describe('groups', () => {
  it('puts the summary and outcome in a Results group after the settings', () => {
    const shallow = { model: '32 relu → output', status: 'completed', ...flatten({ lr: 0.1 }, 'optimizer'), ...flatten({ trainLoss: 0.276736 }, 'summary') };
    const deep = { model: '16 relu ×9 → output', status: 'completed', ...flatten({ lr: 0.1 }, 'optimizer'), ...flatten({ trainLoss: 0.0361306 }, 'summary') };
    const groups = groupRows(diffTable([shallow, deep]));
    expect(groups.map((g) => g.group)).toEqual(['settings', 'results']);
    expect(groups[0]!.rows.map((r) => r.key)).toEqual(['model', 'optimizer.lr']);
    expect(groups[1]!.rows.map((r) => r.key)).toEqual(['status', 'summary.trainLoss']);
    expect(groupRows(diffTable([{ model: 'a' }, { model: 'b' }])).map((g) => g.group)).toEqual(['settings']);
  });
  it('names a run once when it is named as its experiment', () => {
    expect(runName('shallow', 'shallow')).toBe('shallow');
    expect(runName('Course §1 · depth', 'shallow · seed 1')).toBe('Course §1 · depth · shallow · seed 1');
    expect(runName('Race', 'Race · SGD')).toBe('Race · SGD');
  });
});

describe('History: experiment kinds', () => {
  it('calls a course measurement (no surface, or marked) a course measurement, races and networks what they are', () => {
    expect(experimentKindLabel({ kind: 'surface', spec: { fn: 'rosenbrock', start: [0, 0], steps: 100, entries: [] } })).toBe('surface');
    expect(experimentKindLabel({ kind: 'surface', spec: { fn: 'course:bump', lr: 0.1 } })).toBe('surface');
    expect(experimentKindLabel({ kind: 'surface', spec: { measurement: true, model: 'piecewise-constant', sizes: [1, 2] } })).toBe('measurement');
    // Stored before the mark: no surface to race on.
    expect(experimentKindLabel({ kind: 'surface', spec: { vectors: 1000, classes: [2, 3] } })).toBe('measurement');
    expect(experimentKindLabel({ kind: 'network', spec: { data: { source: 'spiral' } } })).toBe('network');
    expect(en('experimentKind.measurement')).toBe('course measurement');
    expect(zh('experimentKind.measurement')).toBe('课程测量');
  });
});

describe('runs side by side', () => {
  it('numbers the runs that share a name, and only those', () => {
    const labels = distinctRunLabels([
      { id: 3, name: 'spiral' },
      { id: 7, name: 'spiral' },
      { id: 9, name: 'deep' },
    ]);
    expect([...labels.values()]).toEqual(['spiral #3', 'spiral #7', 'deep']);
  });
  it('leaves distinct names as they are', () => {
    expect([...distinctRunLabels([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]).values()]).toEqual(['a', 'b']);
  });
});
