import fsp from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic, writeFileAtomicSync } from '../common/atomicWrite';

/*
 * Remembers where the window was. Restored only when it would be visible:
 * a monitor unplugged since last time must not leave Cairn off screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE = { width: 640, height: 480 };
const SAVE_DELAY_MS = 500;
/** How much of the window's top strip (where the title bar is) must lie on one display. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 40;

const int = z.number().int().min(-100_000).max(100_000);
const stateSchema = z.object({
  bounds: z.object({ x: int, y: int, width: int.min(1), height: int.min(1) }),
  maximized: z.boolean(),
});

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await fsp.readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // first start, or an unreadable file: the default placement is fine
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open the window with: the saved ones when their title bar is on
 * a display's work area (size clamped to that display), otherwise the default
 * size and no position, so the OS centres it on the primary display.
 */
export function restoreWindowState(
  saved: WindowState | null,
  displays: readonly { workArea: Rect }[],
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const fallback = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const { bounds } = saved;
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRAB_HEIGHT };
  const display = displays.find(({ workArea }) => {
    const o = overlap(titleBar, workArea);
    return o.width >= Math.min(GRAB_WIDTH, bounds.width) && o.height >= GRAB_HEIGHT;
  });
  if (!display) return fallback;
  const { workArea } = display;
  return {
    bounds: {
      x: bounds.x,
      y: bounds.y,
      width: Math.max(MIN_WINDOW_SIZE.width, Math.min(bounds.width, workArea.width)),
      height: Math.max(MIN_WINDOW_SIZE.height, Math.min(bounds.height, workArea.height)),
    },
    maximized: saved.maximized,
  };
}

/** The parts of a BrowserWindow the tracker uses. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

function encode(win: TrackedWindow): Uint8Array {
  const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
  return new TextEncoder().encode(JSON.stringify(state));
}

/**
 * Saves the window's state a moment after it stops moving or resizing (a drag
 * fires hundreds of events), and once more, synchronously, when it closes.
 */
export function trackWindowState(win: TrackedWindow, file: string, delayMs = SAVE_DELAY_MS): { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const report = (error: unknown) => console.error(`cairn: could not save the window position: ${String(error)}`);
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      writeFileAtomic(file, encode(win)).catch(report);
    }, delayMs);
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      writeFileAtomicSync(file, encode(win));
    } catch (error) {
      report(error);
    }
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', flush);
  return { flush };
}
