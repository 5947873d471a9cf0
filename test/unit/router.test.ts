// The hash router: addresses read and written canonically, page changes as history entries and
// selections in place, Back/Forward through popstate, Alt+←/→ outside text fields.
import { describe, expect, it } from 'vitest';
import { formatHash, hashRouter, historyKey, idList, idOf, parseHash, route, type RouterWindow } from '../../renderer/router';

const PAGES = ['course', 'surface', 'history', 'compare'];

/** A browser's session history as far as the router sees it: entries, an index, popstate. */
function fakeWindow(initial = '') {
  const entries = [initial];
  let index = 0;
  const listeners = new Map<string, Set<() => void>>();
  const fire = (type: string) => listeners.get(type)?.forEach((l) => l());
  const win: RouterWindow & { entries: string[]; index: () => number } = {
    location: {
      get hash() {
        return entries[index]!;
      },
    },
    history: {
      pushState: (_s: unknown, _t: string, url: string) => {
        entries.splice(index + 1, entries.length, url);
        index += 1;
      },
      replaceState: (_s: unknown, _t: string, url: string) => void (entries[index] = url),
      back: () => {
        if (index > 0) index -= 1;
        fire('popstate');
      },
      forward: () => {
        if (index < entries.length - 1) index += 1;
        fire('popstate');
      },
    },
    addEventListener: (type, l) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(l),
    removeEventListener: (type, l) => void listeners.get(type)?.delete(l),
    entries,
    index: () => index,
  };
  return win;
}

describe('routes', () => {
  it('reads a page, its sub-path and its query', () => {
    expect(parseHash('#/course/3', PAGES, 'course')).toEqual(route('course', '3'));
    expect(parseHash('#/compare?runs=1,2', PAGES, 'course')).toEqual(route('compare', null, { runs: '1,2' }));
    expect(parseHash('#/history?experiment=7&x=', PAGES, 'course')).toEqual(route('history', null, { experiment: '7' }));
  });
  it('falls back to the front page for no hash or an unknown page', () => {
    expect(parseHash('', PAGES, 'course')).toEqual(route('course'));
    expect(parseHash('#/', PAGES, 'course')).toEqual(route('course'));
    expect(parseHash('#/nowhere/9?runs=1', PAGES, 'course')).toEqual(route('course'));
    expect(parseHash('#/%E0%A4%A', PAGES, 'course')).toEqual(route('course'));
  });
  it('writes one canonical form (keys sorted, commas kept, empties dropped) that reads back the same', () => {
    const r = route('compare', null, { runs: '3,1', b: '', a: 'x y' });
    expect(formatHash(r)).toBe('#/compare?a=x+y&runs=3,1');
    expect(parseHash(formatHash(r), PAGES, 'course')).toEqual(route('compare', null, { a: 'x y', runs: '3,1' }));
    expect(formatHash(route('course', '4'))).toBe('#/course/4');
  });
  it('takes ids as positive whole numbers, in order, once', () => {
    expect(idList('3,1,3,x,-2,0,1.5, 9')).toEqual([3, 1, 9]);
    expect(idList(undefined)).toEqual([]);
    expect(idOf('7')).toBe(7);
    expect(idOf('seven')).toBeNull();
  });
});

describe('hashRouter', () => {
  it('makes an untidy address canonical without a new entry', () => {
    const win = fakeWindow('#/nowhere');
    const router = hashRouter(win, PAGES, 'course');
    expect(router.route.value.page).toBe('course');
    expect(win.entries).toEqual(['#/course']);
  });

  it('pushes page changes, replaces selections, and follows Back and Forward', () => {
    const win = fakeWindow('');
    const router = hashRouter(win, PAGES, 'course');
    router.push(route('surface'));
    router.push(route('compare', null, { runs: '1' }));
    router.replace(route('compare', null, { runs: '1,2' }));
    expect(win.entries).toEqual(['#/course', '#/surface', '#/compare?runs=1,2']);
    router.push(route('compare', null, { runs: '1,2' })); // the same place: no new entry
    expect(win.entries).toHaveLength(3);

    router.back();
    expect(router.route.value).toEqual(route('surface'));
    router.back();
    expect(router.route.value.page).toBe('course');
    router.forward();
    router.forward();
    expect(router.route.value).toEqual(route('compare', null, { runs: '1,2' }));
    // A new page after going back drops the forward entries, as a browser does.
    router.back();
    router.push(route('history'));
    expect(win.entries).toEqual(['#/course', '#/surface', '#/history']);
  });

  it('opens a page with the selection its store reports', () => {
    const router = hashRouter(fakeWindow(''), PAGES, 'course');
    let selected = [4, 2];
    router.select('compare', () => ({ query: { runs: selected.join(',') } }));
    expect(formatHash(router.routeFor('compare'))).toBe('#/compare?runs=4,2');
    selected = [5];
    expect(formatHash(router.routeFor('compare'))).toBe('#/compare?runs=5');
    expect(router.routeFor('surface')).toEqual(route('surface'));
  });

  it('stops listening when stopped', () => {
    const win = fakeWindow('#/surface');
    const router = hashRouter(win, PAGES, 'course');
    router.push(route('history'));
    router.stop();
    win.history.back();
    expect(router.route.value.page).toBe('history');
  });
});

describe('historyKey', () => {
  const key = (k: string, mods: Partial<Parameters<typeof historyKey>[0]> = {}, tagName = 'BODY') =>
    historyKey({ key: k, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, target: { tagName }, ...mods });
  it('is Back and Forward on Alt+← and Alt+→', () => {
    expect(key('ArrowLeft')).toBe('back');
    expect(key('ArrowRight')).toBe('forward');
  });
  it('leaves other keys, other modifiers and text fields alone', () => {
    expect(key('ArrowUp')).toBeNull();
    expect(key('ArrowLeft', { altKey: false })).toBeNull();
    expect(key('ArrowLeft', { ctrlKey: true })).toBeNull();
    expect(key('ArrowLeft', { shiftKey: true })).toBeNull();
    expect(key('ArrowLeft', {}, 'INPUT')).toBeNull();
    expect(key('ArrowRight', {}, 'TEXTAREA')).toBeNull();
    expect(key('ArrowRight', {}, 'SELECT')).toBeNull();
  });
});
