// Files only where the user pointed: a spec naming a file the user never chose is refused over the
// in-process dispatcher the desktop IPC uses and over real web mode (WebSocket), and still runs
// from the `lab` command; a chosen or uploaded file is allowed, and stays allowed for the
// experiment that stored it after a restart. Real store, real pool, real server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../preload/contract';
import { FileAccess, filesInRequest, openChosen, pageFacing, sniffFileKind } from '../../../main/api/file-access';
import { openLab, type Lab } from '../../../main/api/lab';
import { startWebMode, type WebMode } from '../../../main/server/web-mode';
import { runLab } from '../../support/lab-cli';
import { loadCsv } from '../../../main/engine/data/csv';

let dir: string;
let csv: string;
let secret: string;
const rows = ['x1,x2,y', ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`)].join('\n');

const spec = (file: string) => ({
  name: 'csv run',
  seed: 1,
  data: { source: 'csv', path: file, target: 'y' },
  model: [{ dense: 4, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 8,
  epochs: 1,
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-files-'));
  csv = path.join(dir, 'points.csv');
  writeFileSync(csv, rows);
  // A file of the user's the page was never shown: it must stay unread.
  secret = path.join(dir, 'secret.csv');
  writeFileSync(secret, 'a,b\n1,2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectRefused(envelope: Envelope<unknown>, field: string): void {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) return;
  expect(envelope.error).toMatchObject({ code: 'forbidden', reason: 'file-not-chosen' });
  expect(envelope.error.issues?.map((i) => i.path)).toContain(field);
  // The refusal names the field, not the file's contents.
  expect(JSON.stringify(envelope.error)).not.toContain('1,2');
}

describe('the desktop dispatcher (what IPC calls, in process)', () => {
  let lab: Lab;
  let db: string;
  beforeAll(() => {
    db = path.join(dir, 'ipc.db');
    lab = openLab({ dbPath: db, info: { name: 'Descent Lab', version: 'test', transport: 'ipc', platform: process.platform, locale: 'en' } });
  });
  afterAll(() => lab.close());

  it('refuses a spec naming a file the user never chose, on every channel that reads files', async () => {
    const d = pageFacing(lab.dispatcher, FileAccess.besideStore(db));
    expectRefused(await d.dispatch('network:start', { name: 'x', spec: spec(secret) }), 'spec.data.path');
    expectRefused(await d.dispatch('network:preview', { data: { source: 'csv', path: secret, target: 'b' } }), 'data.path');
    expectRefused(await d.dispatch('network:rangeTest', { spec: spec(secret) }), 'spec.data.path');
    expectRefused(await d.dispatch('network:preview', { data: { source: 'idx', images: secret, labels: csv } }), 'data.images');
    // An axis of a variant grid varying data.path is a file named too.
    const { name: _, ...base } = spec(csv);
    expectRefused(await d.dispatch('workbench:start', { name: 'grid', base, axes: [{ path: 'data.path', values: [secret] }] }), 'cells.0.data.path');
    expect(lab.store.listExperiments()).toHaveLength(0);
  });

  it('reads a file the user chose, and keeps it allowed for its experiment after a restart', async () => {
    const access = FileAccess.besideStore(db);
    const d = pageFacing(lab.dispatcher, access);
    expect(openChosen(access, csv)).toMatchObject({ name: 'points.csv', kind: 'csv', text: null });
    const started = await d.dispatch('network:start', { name: 'chosen', spec: spec(csv) });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const experimentId = (started as { result: { experimentId: number } }).result.experimentId;
    // A new session (nothing granted): the stored experiment's file is allowed, nothing else is.
    const later = FileAccess.besideStore(db);
    expect(later.allows(csv)).toBe(true);
    expect(later.allows(secret)).toBe(false);
    const again = pageFacing(lab.dispatcher, later);
    expect((await again.dispatch('network:preview', { data: { source: 'csv', path: csv, target: 'y' } })).ok).toBe(true);
    // Deleting the experiment takes its files off the list.
    expect((await again.dispatch('experiments:delete', { id: experimentId })).ok).toBe(true);
    expect(FileAccess.besideStore(db).allows(csv)).toBe(false);
  });

  it('without a transport, files:upload and files:open are refused (no file access installed)', async () => {
    const env = await lab.dispatcher.dispatch('files:open', { kind: 'csv' });
    expect(env).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('web mode (real server, WebSocket)', () => {
  let mode: WebMode;
  let ws: WebSocket;
  let next = 1;
  const call = (channel: string, payload: unknown) =>
    new Promise<Envelope<unknown>>((resolve) => {
      const id = next++;
      const listener = (data: WebSocket.RawData) => {
        const m = JSON.parse(data.toString()) as { id?: number; envelope?: Envelope<unknown> };
        if (m.id !== id) return;
        ws.off('message', listener);
        resolve(m.envelope!);
      };
      ws.on('message', listener);
      ws.send(JSON.stringify({ id, channel, payload }));
    });

  beforeAll(async () => {
    mode = await startWebMode({ port: 0, db: path.join(dir, 'web.db'), token: 'file-access-token' });
    ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`);
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
  }, 30_000);
  afterAll(async () => {
    ws?.close();
    await mode?.close();
  });

  it('refuses a path the browser names; allows the bytes it uploads', async () => {
    expectRefused(await call('network:start', { name: 'x', spec: spec(secret) }), 'spec.data.path');
    expectRefused(await call('network:start', { name: 'x', spec: spec(csv) }), 'spec.data.path');
    const uploaded = await call('files:upload', { name: 'points.csv', base64: Buffer.from(rows).toString('base64') });
    expect(uploaded.ok, JSON.stringify(uploaded)).toBe(true);
    const file = (uploaded as { result: { path: string; kind: string } }).result;
    expect(file.kind).toBe('csv');
    expect(file.path.startsWith(path.join(dir, 'web-uploads'))).toBe(true);
    const started = await call('network:start', { name: 'uploaded', spec: spec(file.path) });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    // An upload's name is a name: a path in it is refused by the schema.
    expect(await call('files:upload', { name: '../../evil.csv', base64: '' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // No dialogs in web mode.
    expect(await call('files:open', { kind: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 30_000);
});

describe('the lab command', () => {
  it('still reads the path it is given', async () => {
    const file = path.join(dir, 'cli.json');
    writeFileSync(file, JSON.stringify(spec(csv)));
    const r = await runLab(['run', file, '--json'], { defaultDb: path.join(dir, 'cli.db') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'completed' });
  }, 60_000);
});

describe('what a file holds (sniffing)', () => {
  const idx = (dims: number) => Buffer.from([0, 0, 0x08, dims, 0, 0, 0, 1]);
  it('tells IDX images from labels (also gzipped), a bundle from an experiment, and CSV', () => {
    expect(sniffFileKind(idx(3))).toBe('idx-images');
    expect(sniffFileKind(idx(1))).toBe('idx-labels');
    expect(sniffFileKind(gzipSync(idx(3)))).toBe('idx-images');
    expect(sniffFileKind(Buffer.from('{"format": "descent-lab-run-bundle", "version": 1}'))).toBe('bundle');
    expect(sniffFileKind(Buffer.from('\n {"name": "x", "data": {"source": "digits"}}'))).toBe('experiment');
    expect(sniffFileKind(Buffer.from('a;b\n1;2\n'))).toBe('csv');
    expect(sniffFileKind(Buffer.from('hello world\n'))).toBe('unknown');
    expect(sniffFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toBe('unknown');
  });

  it('a chosen experiment file comes with its text (what experiments:import takes); a data file without', () => {
    const access = new FileAccess(null, null);
    const file = path.join(dir, 'xor.dlexp');
    writeFileSync(file, JSON.stringify(spec(csv)));
    expect(openChosen(access, file)).toEqual({ path: file, name: 'xor.dlexp', size: JSON.stringify(spec(csv)).length, kind: 'experiment', text: JSON.stringify(spec(csv)) });
    expect(openChosen(access, csv)).toMatchObject({ kind: 'csv', text: null, size: rows.length });
    expect(access.allows(file)).toBe(true);
    expect(() => openChosen(access, path.join(dir, 'gone.csv'))).toThrow(/cannot read gone\.csv: ENOENT/);
  });

  it('lists the files a request names, none for channels that read no file', () => {
    expect(filesInRequest('network:start', { spec: { data: { source: 'idx', images: '/a', labels: '/b' } } }).map((f) => f.field)).toEqual(['spec.data.images', 'spec.data.labels']);
    expect(filesInRequest('surface:list', {})).toEqual([]);
  });
});

describe('CSV errors name the row and column, never echo more than a short cell', () => {
  it('clips a long bad cell and a long header list', () => {
    const long = `password=${'x'.repeat(200)}`;
    const file = path.join(dir, 'long.csv');
    writeFileSync(file, `a,b,y\n1,2,0\n3,${long},1\n`);
    let message = '';
    try {
      loadCsv(file, { target: 'y', header: 'auto', task: 'auto' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/row 3, column 2 \(b\): "password=x{14}…" is not a number/);
    expect(message).not.toContain('x'.repeat(30));
    const wide = path.join(dir, 'wide.csv');
    writeFileSync(wide, `${Array.from({ length: 40 }, (_, i) => `column_${i}_${'n'.repeat(30)}`).join(',')}\n${Array(40).fill(1).join(',')}\n`);
    expect(() => loadCsv(wide, { target: 'label', header: true, task: 'auto' })).toThrow(/columns are column_0_n+…, .*, … \(40 columns\)$/);
  });
});
