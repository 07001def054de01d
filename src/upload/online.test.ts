import { afterEach, describe, expect, it, vi } from 'vitest';
import { alwaysOnline, browserOnlineSource, createManualOnlineSource, untilOnline } from './online';

describe('online sources', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is always online without window (Node, tests)', () => {
    expect(browserOnlineSource()).toBe(alwaysOnline);
    expect(alwaysOnline.isOnline()).toBe(true);
  });

  it('follows navigator.onLine and the online/offline events in a browser', () => {
    const target = new EventTarget();
    const nav = { onLine: true };
    vi.stubGlobal('navigator', nav);
    vi.stubGlobal('window', {
      addEventListener: target.addEventListener.bind(target),
      removeEventListener: target.removeEventListener.bind(target),
    });
    const source = browserOnlineSource();
    const seen: boolean[] = [];
    const off = source.subscribe((online) => seen.push(online));
    nav.onLine = false;
    target.dispatchEvent(new Event('offline'));
    expect(source.isOnline()).toBe(false);
    nav.onLine = true;
    target.dispatchEvent(new Event('online'));
    off();
    target.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([false, true]);
  });

  it('manual source notifies only on change', () => {
    const source = createManualOnlineSource();
    const seen: boolean[] = [];
    source.subscribe((o) => seen.push(o));
    source.set(true);
    source.set(false);
    source.set(false);
    source.set(true);
    expect(seen).toEqual([false, true]);
  });

  it('untilOnline waits for the connection to come back, and not at all when online', async () => {
    const source = createManualOnlineSource(false);
    let back = false;
    const waiting = untilOnline(source).then(() => (back = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(back).toBe(false);
    source.set(true);
    await waiting;
    expect(back).toBe(true);
    await expect(untilOnline(source)).resolves.toBeUndefined();
  });
});
