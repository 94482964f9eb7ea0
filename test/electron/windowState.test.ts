import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  restoreWindowState,
  trackWindowState,
  type Rect,
  type TrackedWindow,
  type WindowState,
} from '../../electron/main/windowState';
import { useTempDirs } from './tempDir';

const tempDir = useTempDirs();
const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const monitorOnTheRight = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const state = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });

describe('restoreWindowState', () => {
  it('uses the default size, and lets the OS place the window, on first start', () => {
    expect(restoreWindowState(null, [laptop])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('restores bounds that are on a display', () => {
    const saved = state({ x: 1600, y: 100, width: 1200, height: 900 }, true);
    expect(restoreWindowState(saved, [laptop, monitorOnTheRight])).toEqual(saved);
  });

  it('ignores bounds on a display that is gone, keeping the maximized flag', () => {
    const saved = state({ x: 1600, y: 100, width: 1200, height: 900 }, true);
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: true });
  });

  it('restores a window partly off screen whose title bar can still be grabbed', () => {
    const saved = state({ x: -600, y: 50, width: 800, height: 600 });
    expect(restoreWindowState(saved, [laptop]).bounds).toMatchObject({ x: -600, y: 50 });
  });

  it('ignores a window whose title bar is above the screen', () => {
    const saved = state({ x: 100, y: -300, width: 800, height: 600 });
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('shrinks a window larger than its display to fit', () => {
    const saved = state({ x: 0, y: 0, width: 3000, height: 2000 });
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });
});

describe('loadWindowState', () => {
  it('is null when there is no file, or it is damaged or of the wrong shape', async () => {
    const dir = tempDir();
    expect(await loadWindowState(path.join(dir, 'missing.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"bounds":');
    expect(await loadWindowState(path.join(dir, 'bad.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'shape.json'), JSON.stringify({ bounds: { x: 'left' }, maximized: 1 }));
    expect(await loadWindowState(path.join(dir, 'shape.json'))).toBeNull();
  });

  it('reads a saved state', async () => {
    const file = path.join(tempDir(), 'window-state.json');
    const saved = state({ x: 10, y: 20, width: 900, height: 700 }, true);
    fs.writeFileSync(file, JSON.stringify(saved));
    expect(await loadWindowState(file)).toEqual(saved);
  });
});

describe('trackWindowState', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeWindow() {
    const emitter = new EventEmitter();
    let bounds: Rect = { x: 0, y: 0, width: 800, height: 600 };
    const win: TrackedWindow = {
      on: (event, listener) => emitter.on(event, listener),
      getNormalBounds: () => bounds,
      isMaximized: () => false,
    };
    return { win, emit: (event: string) => emitter.emit(event), moveTo: (x: number) => (bounds = { ...bounds, x }) };
  }

  it('saves once, a moment after the window stops moving', async () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'window-state.json');
    const { win, emit, moveTo } = fakeWindow();
    trackWindowState(win, file, 500);

    for (let x = 1; x <= 20; x++) {
      moveTo(x * 10);
      emit('move');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(fs.existsSync(file)).toBe(false);

    await vi.advanceTimersByTimeAsync(500);
    vi.useRealTimers();
    await vi.waitFor(() => expect(fs.existsSync(file)).toBe(true));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(state({ x: 200, y: 0, width: 800, height: 600 }));
  });

  it('saves at once when the window closes', () => {
    const file = path.join(tempDir(), 'window-state.json');
    const { win, emit, moveTo } = fakeWindow();
    trackWindowState(win, file, 60_000);

    moveTo(42);
    emit('move');
    emit('close');

    expect(JSON.parse(fs.readFileSync(file, 'utf8')).bounds.x).toBe(42);
  });
});
