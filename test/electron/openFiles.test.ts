import { describe, expect, it, vi } from 'vitest';
import type { OpenedFile } from '../../shared/platform';
import { cairnPathFromArgv, safeFileName } from '../../electron/main/openedFile';
import { createOpenFileQueue } from '../../electron/main/openFileQueue';

describe('cairnPathFromArgv', () => {
  it('finds the .cairn file a launch was given', () => {
    expect(cairnPathFromArgv(['/opt/Cairn/cairn', '--no-sandbox', '/home/ada/Team Q1.CAIRN'])).toBe('/home/ada/Team Q1.CAIRN');
  });

  it('ignores the executable, the app folder and flags', () => {
    expect(cairnPathFromArgv(['/x/app.cairn', '/repo', '--flag=a.cairn'])).toBeNull();
  });
});

describe('safeFileName', () => {
  it('keeps a readable name with the right extension', () => {
    expect(safeFileName('Platform team Q1', '.cairn')).toBe('Platform team Q1.cairn');
    expect(safeFileName('export.json', '.json')).toBe('export.json');
  });

  it('leaves no path or forbidden character', () => {
    expect(safeFileName('../../etc/passwd', '.json')).toBe('-..-etc-passwd.json');
    expect(safeFileName('a\\b:c*?\u0007', '.json')).toBe('a-b-c---.json');
    expect(safeFileName('...', '.cairn')).toBe('Cairn workspace.cairn');
  });

  it('never names a Windows device or ends in a dot or space', () => {
    expect(safeFileName('CON', '.md')).toBe('_CON.md');
    expect(safeFileName('nul.report', '.html')).toBe('_nul.report.html');
    expect(safeFileName('com1', '.csv')).toBe('_com1.csv');
    expect(safeFileName('Console', '.md')).toBe('Console.md');
    expect(safeFileName('Q1 review. ', '.md')).toBe('Q1 review.md');
  });
});

describe('open file queue', () => {
  const read = async (filePath: string): Promise<OpenedFile> => ({ name: filePath, bytes: new Uint8Array([1]) });

  it('holds files until the window has loaded, then sends them in order', async () => {
    const send = vi.fn();
    const queue = createOpenFileQueue({ send, report: vi.fn(), read });

    queue.open('a.cairn');
    queue.open('b.cairn');
    await Promise.resolve();
    expect(send).not.toHaveBeenCalled();

    queue.setReady(true);
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    expect(send.mock.calls.map(([f]) => (f as OpenedFile).name)).toEqual(['a.cairn', 'b.cairn']);
  });

  it('reports a file that cannot be read instead of sending it', async () => {
    const send = vi.fn();
    const report = vi.fn();
    const queue = createOpenFileQueue({ send, report, read: () => Promise.reject(new Error('too large')) });
    queue.setReady(true);

    queue.open('huge.cairn');

    await vi.waitFor(() => expect(report).toHaveBeenCalledWith('huge.cairn', expect.any(Error)));
    expect(send).not.toHaveBeenCalled();
  });
});
