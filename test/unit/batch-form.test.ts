// The batch-size lab checks every field at once and names what is wrong with the list of sizes,
// including what a lenient parse would quietly change (an empty item, a size given twice).
import { describe, expect, it } from 'vitest';
import { checkBatchForm, readSizeList } from '../../renderer/lab/batchForm';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';

const good = { sizesText: '8, 32, 128, 512', epochs: 20, lr: 0.1, threads: '', seed: 1 };

describe('batch-size lab fields', () => {
  it('accepts the defaults and sizes separated by commas or spaces, in the order given', () => {
    expect(checkBatchForm(good)).toEqual({});
    expect(readSizeList('256 16，64')).toEqual({ sizes: [256, 16, 64] });
  });

  it('flags every unusable field at once, each with its own message', () => {
    const problems = checkBatchForm({ sizesText: '8, 0, abc', epochs: 2.5, lr: -1, threads: 'abc', seed: 1 });
    expect(Object.keys(problems).sort()).toEqual(['epochs', 'lr', 'sizes', 'threads']);
    expect(problems.sizes).toEqual({ key: 'batch.badSizes', params: { bad: '0' } });
  });

  it('refuses an empty item and a size given twice, saying which', () => {
    expect(readSizeList('8,,16')).toEqual({ problem: { key: 'batch.sizesEmptyItem' } });
    expect(readSizeList('8, 16,')).toEqual({ problem: { key: 'batch.sizesEmptyItem' } });
    expect(readSizeList('8, 8')).toEqual({ problem: { key: 'batch.sizesDuplicate', params: { b: 8 } } });
    expect(readSizeList('  ')).toEqual({ problem: { key: 'batch.sizesNone' } });
    expect(readSizeList('1 2 3 4 5 6 7 8 9')).toEqual({ problem: { key: 'batch.sizesTooMany', params: { n: 9, max: 8 } } });
  });

  it('words each message in both languages', () => {
    for (const key of ['batch.sizesNone', 'batch.sizesEmptyItem', 'batch.sizesDuplicate', 'batch.sizesTooMany'] as const) {
      expect(en[key]).toBeTruthy();
      expect(zhCN[key]).toBeTruthy();
      expect(zhCN[key]).not.toBe(en[key]);
    }
  });
});
