// A data file the allowlist refuses (an experiment stored before the lab kept its list of chosen
// files): the refusal as main's real FileAccess makes it, worded in each language with the file
// named, and mapped to the Network lab's field to choose again.
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../preload/contract';
import { FileAccess } from '../../../main/api/file-access';
import { describeError } from '../../../renderer/lab/describeError';
import { refusedFile } from '../../../renderer/lab/refusedFile';

function refusal(field: string, file: string): LabError {
  try {
    new FileAccess(null, null).check([{ field, path: file }]);
  } catch (err) {
    return err as LabError;
  }
  throw new Error('the file was allowed');
}

describe('a stored experiment’s data file that was never chosen here', () => {
  it('names the file and says what to do, in English and in Chinese', () => {
    const err = refusal('spec.data.path', '/home/student/points.csv');
    const en = describeError('en', err);
    expect(en.text).toContain('/home/student/points.csv is not one of them yet');
    expect(en.text).toContain('Choose the file again');
    expect(en.details).toEqual(['spec.data.path: not yet chosen in the lab']);
    const zh = describeError('zh-CN', err);
    expect(zh.text).toContain('/home/student/points.csv 还不在其中');
    expect(zh.text).toContain('重新选择文件');
    expect(zh.details).toEqual(['spec.data.path: 尚未在实验室中选择']);
  });

  it('maps the refused field to the one the Network lab chooses again (preview and start name it differently)', () => {
    expect(refusedFile(refusal('data.path', '/a.csv'))).toEqual({ field: 'path', file: '/a.csv' });
    expect(refusedFile(refusal('spec.data.labels', '/l.idx'))).toEqual({ field: 'labels', file: '/l.idx' });
    expect(refusedFile(new LabError({ code: 'forbidden', reason: 'refused', message: 'no' }))).toBeNull();
    expect(refusedFile(new Error('not from main'))).toBeNull();
  });
});
