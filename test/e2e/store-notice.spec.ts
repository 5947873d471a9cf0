// A damaged database at start, seen by the student: web mode (its own server, on a damaged file)
// starts, and the page's notice area says the file was kept aside, in English and after a
// language switch in Chinese. With a good backup beside it the notice offers to open it: one
// click and History shows the backup's runs. About → Backups lists the backups, makes one now and
// restores one after a confirmation.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors } from './helpers';
import { labCommand as lab, startOwnServer as startServer, type OwnServer as Server } from './own-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** A real surface race stored under `name` (one run). */
const saveRace = (db: string, name: string) =>
  lab(db, 'surface', '--fn', 'rosenbrock', '--start=-1.2,1', '--steps', '60', '--optimizer', '{"name":"adam","lr":0.01}', '--save', name);

async function openHistory(page: Page) {
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-refresh').click();
}

test.describe('a damaged database without a backup', () => {
  let dir: string;
  let server: Server;
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-e2e-damaged-'));
    writeFileSync(path.join(dir, 'lab.db'), 'my notes, not a database\n'.repeat(100));
    server = await startServer(path.join(dir, 'lab.db'));
  });
  test.afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('web mode starts and the notice area says where the file is kept', async ({ page }) => {
    const errors = collectPageErrors(page);
    const aside = readdirSync(dir).find((f) => f.startsWith('lab.db.damaged-'))!;
    expect(readFileSync(path.join(dir, aside), 'utf8')).toContain('my notes');
    expect(server.stderr()).toContain('is damaged (file is not a database)');

    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('en');
    const notice = page.getByTestId('notice-error').filter({ hasText: 'is damaged' });
    await expect(notice).toContainText(`It is kept untouched as ${path.join(dir, aside)}`);
    await expect(notice).toContainText('There is no backup to go back to.');
    await expect(notice.getByTestId('notice-open-backup-0')).toHaveCount(0);
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect(page.getByTestId('notice-error').filter({ hasText: '已损坏' })).toContainText('原文件原样保留为');
    expect(errors).toEqual([]);
  });
});

test.describe('a damaged database with a good backup', () => {
  let dir: string;
  let db: string;
  let server: Server;
  let damaged: Buffer;
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-e2e-backup-'));
    db = path.join(dir, 'lab.db');
    mkdirSync(path.join(dir, 'backups'));
    saveRace(db, 'Race kept in the backup');
    lab(db, 'backup', '--out', path.join(dir, 'backups', 'lab-2026-01-01.db'));
    saveRace(db, 'Race after the backup');
    // The header overwritten: SQLite no longer recognises the file.
    damaged = readFileSync(db);
    damaged.fill(0x5a, 0, 100);
    writeFileSync(db, damaged);
    server = await startServer(db);
  });
  test.afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the notice offers the backup; one click opens it and History shows its runs', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('zh-CN');
    // The damaged-file notice, whatever the language shown.
    const notice = page.getByTestId('notice-error').filter({ has: page.getByTestId('notice-open-backup-0') });
    await expect(notice).toContainText('已损坏');
    await expect(notice).toContainText('也可以改为打开最近一个完好的备份');
    await expect(notice.getByTestId('notice-open-backup-0')).toHaveText('打开此备份');
    await expect(notice.getByTestId('notice-open-backup-0-row')).toContainText('运行：1 · 实验：1');
    await page.screenshot({ path: path.join(artifacts, 'store-notice-backup-zh.png') });

    await page.getByTestId('locale-select').selectOption('en');
    await expect(notice.getByTestId('notice-open-backup-0')).toHaveText('Open this backup');
    await expect(notice.getByTestId('notice-open-backup-0-row')).toContainText('runs: 1 · experiments: 1');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: path.join(artifacts, 'store-notice-backup-en-dark.png') });
    await page.getByTestId('theme-toggle').click();

    // History first shows the fresh, empty database…
    await openHistory(page);
    await expect(page.getByTestId('history-empty')).toBeVisible();
    // …and the backup's runs once it is opened (History reloads by itself).
    await notice.getByTestId('notice-open-backup-0').click();
    await expect(page.getByTestId('notice-success').filter({ hasText: 'Opened the backup of' })).toContainText('(runs: 1)');
    await expect(notice).toHaveCount(0);
    await expect(page.getByTestId('history-list')).toContainText('Race kept in the backup');
    await expect(page.getByTestId('history-list')).not.toContainText('Race after the backup');
    // Nothing lost: the damaged file as it was, the fresh one kept beside.
    const files = readdirSync(dir);
    const aside = files.find((f) => f.startsWith('lab.db.damaged-'))!;
    expect(readFileSync(path.join(dir, aside)).equals(damaged)).toBe(true);
    expect(files.some((f) => f.startsWith('lab.db.before-restore-'))).toBe(true);
    expect(errors).toEqual([]);
  });

  test('About → Backups: back up now, then restore an older backup after confirming', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('en');
    // The command line adds a race to the database the app now uses (the backup's copy).
    saveRace(db, 'Race made after opening the backup');
    await page.getByTestId('nav-about').click();
    const section = page.getByTestId('backups');
    await expect(section).toContainText('lab-2026-01-01.db');
    const before = await section.getByTestId('backup-row').count();
    await section.getByTestId('backup-now').click();
    await expect(page.getByTestId('notice-success').filter({ hasText: 'Backed up:' })).toBeVisible();
    await expect(section.getByTestId('backup-row')).toHaveCount(before + 1);
    // Newest first: the one just made holds two runs.
    await expect(section.getByTestId('backup-row').first()).toContainText('runs: 2 · experiments: 2');

    const oldest = section.getByTestId('backup-row').filter({ hasText: 'lab-2026-01-01.db' });
    await oldest.getByTestId('backup-restore').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toContainText('Restore the backup of');
    await expect(dialog).toContainText('Nothing is deleted');
    await page.screenshot({ path: path.join(artifacts, 'about-backups-confirm-en.png') });
    // Cancel changes nothing.
    await dialog.getByTestId('confirm-cancel').click();
    await expect(dialog).toHaveCount(0);
    await oldest.getByTestId('backup-restore').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
    await expect(page.getByTestId('notice-success').filter({ hasText: 'Opened the backup of' })).toContainText('is kept as');
    await openHistory(page);
    await expect(page.getByTestId('history-list')).toContainText('Race kept in the backup');
    await expect(page.getByTestId('history-list')).not.toContainText('Race made after opening the backup');

    // The same section in Chinese, and in the dark theme.
    await page.getByTestId('nav-about').click();
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect(section.getByTestId('backup-now')).toHaveText('立即备份');
    await expect(section.getByTestId('backup-restore').first()).toHaveText('恢复…');
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: path.join(artifacts, 'about-backups-zh-dark.png'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('locale-select').selectOption('en');
    await page.screenshot({ path: path.join(artifacts, 'about-backups-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
