import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * One word for one idea (docs/vocabulary.md). The text people read is written
 * in the renderer's components and in the exports; this scans their string
 * literals, template texts and JSX text for the synonyms the glossary rejects,
 * so they do not come back. Class names, keys, ids, types and imports are not
 * text people read and are skipped.
 */

const ROOT = path.resolve(__dirname, '../..');

/** A rejected synonym, and the word the glossary uses instead. */
interface Rejected {
  pattern: RegExp;
  use: string;
}

const REJECTED: readonly Rejected[] = [
  { pattern: /\bKRs?\b/, use: 'key result' },
  { pattern: /\bKPIs?\b/, use: 'key result' },
  { pattern: /\bgoals?\b/i, use: 'objective' },
  { pattern: /\bcheck-?ups?\b|\bcheckins?\b|\bcheck ins\b/i, use: 'check-in (the noun), check in (the verb)' },
  { pattern: /\b(status|progress) updates?\b/i, use: 'check-in' },
  { pattern: /\babandon(s|ed|ing)?\b/i, use: 'drop (closed as dropped)' },
  { pattern: /\bcancel(l?ed)? (the |an? )?(objective|key result)s?\b/i, use: 'drop' },
  { pattern: /\balarms?\b|\balerts? (you|the team)\b/i, use: 'signal' },
  { pattern: /\bassignees?\b|\bassigned to\b/i, use: 'owner' },
  { pattern: /\bquarters?\b|\bquarterly\b|\bsprints?\b/i, use: 'cycle' },
  { pattern: /\bthe board\b|\bboards\b/i, use: 'workspace (the set of OKRs), OKRs (the view)' },
  { pattern: /\bdocuments?\b/i, use: 'workspace' },
  { pattern: /\bfeature (flags?|toggles?)\b|\bflags?\b/i, use: 'release toggle' },
  { pattern: /\bthe host\b|\bhost (left|is)\b/i, use: 'the facilitator' },
  { pattern: /\b(a|the|this|that) room\b/i, use: 'workshop' },
  { pattern: /\bprojects?\b|\btasks?\b/i, use: 'initiative' },
  { pattern: /\bjournal entr(y|ies)\b/i, use: 'reflection' },
];

/** Real exceptions: the file and the exact text that may keep the word, with why. */
const ALLOWED: readonly { file: string; text: string; why: string }[] = [
  { file: 'renderer/features/board/GuidedFirstObjective.tsx', text: 'draft it with everyone in the room', why: 'the physical room a workshop sits in' },
  { file: 'shared/format/importCsvRows.ts', text: 'abandoned', why: 'an older stored name of "dropped", still read from CSV files' },
  { file: 'renderer/features/board/GuidedFirstObjective.tsx', text: 'not a task list', why: 'says what an objective is not' },
  { file: 'shared/queries/changes.ts', text: 'closed: abandoned', why: 'the stored value, read as "dropped"' },
  { file: 'shared/queries/overlap.ts', text: 'team quarter q1', why: 'words ignored when comparing titles, not text shown' },
  { file: 'renderer/state/projection.ts', text: 'checkIns:', why: 'a key of a problems map, not text shown' },
];

const CAMEL_CASE = /^[a-z]+(?:[A-Z][a-z0-9]*)+$/;

/** Attributes whose values are never shown as text. */
const HIDDEN_ATTRIBUTES = new Set(['className', 'key', 'id', 'htmlFor', 'type', 'role', 'value', 'name', 'href', 'rel', 'target', 'autoComplete', 'inputMode', 'lang', 'dir']);

function sourceFiles(dir: string, extension: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

interface Text {
  file: string;
  line: number;
  text: string;
}

const isHiddenAttribute = (node: ts.Node) =>
  ts.isJsxAttribute(node) && ts.isIdentifier(node.name) && (HIDDEN_ATTRIBUTES.has(node.name.text) || node.name.text.startsWith('data-') || node.name.text.startsWith('aria-controls'));

/** Every piece of text in a file that could reach a person: string literals, template parts, JSX text. */
export function textsOf(file: string, source: string): Text[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const texts: Text[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node) || isHiddenAttribute(node)) return;
    // An object key or a property named className is not text either.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'className') return;
    const isKey = node.parent !== undefined && ts.isPropertyAssignment(node.parent) && node.parent.name === node;
    if (!isKey && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node))) {
      const text = node.text.trim();
      // A camelCase token ('checkIns') names a record or a field in code; no person reads it.
      if (text && !CAMEL_CASE.test(text)) texts.push({ file, line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return texts;
}

/** The texts of the files people read: the renderer, the export formats, and the queries and commands whose messages reach the screen. */
function scannedTexts(): Text[] {
  const files = [...sourceFiles(path.join(ROOT, 'renderer'), '.ts'), ...sourceFiles(path.join(ROOT, 'renderer'), '.tsx'), ...sourceFiles(path.join(ROOT, 'shared/format'), '.ts'), ...sourceFiles(path.join(ROOT, 'shared/queries'), '.ts'), ...sourceFiles(path.join(ROOT, 'shared/commands'), '.ts')];
  return files.flatMap((full) => textsOf(path.relative(ROOT, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8')));
}

function findings(texts: readonly Text[]): string[] {
  return texts.flatMap(({ file, line, text }) =>
    REJECTED.filter(({ pattern }) => pattern.test(text))
      .filter(() => !ALLOWED.some((a) => a.file === file && text.includes(a.text)))
      .map(({ pattern, use }) => `${file}:${line}: “${text.slice(0, 80)}” matches ${pattern}: use “${use}”`),
  );
}

describe('one vocabulary (docs/vocabulary.md)', () => {
  it('finds none of the rejected synonyms in the text of components and exports', () => {
    const texts = scannedTexts();
    // The scan reads real text: a few words every screen has.
    expect(texts.some((t) => t.text.includes('key result'))).toBe(true);
    expect(texts.some((t) => t.text.includes('check-in'))).toBe(true);
    expect(findings(texts)).toEqual([]);
  }, 60_000); // parses a few hundred files: generous on a busy machine

  it('catches a rejected word in JSX text, a string and a template, but not in class names, keys or types', () => {
    const source = [
      'type View = "board";',
      'const labels = { abandoned: "Dropped" };',
      'export const A = () => <p className="kr-row" data-kind="goal">Add a KR</p>;',
      'export const b = "Link a goal";',
      'export const c = (n: number) => `${n} alarms went off`;',
    ].join('\n');
    expect(findings(textsOf('renderer/features/x/Sample.tsx', source)).map((f) => f.split(':')[1])).toEqual(['3', '4', '5']);
  });

  it('keeps only the exceptions the glossary explains', () => {
    for (const allowed of ALLOWED) {
      expect(fs.readFileSync(path.join(ROOT, allowed.file), 'utf8')).toContain(allowed.text);
      expect(allowed.why.length).toBeGreaterThan(0);
    }
  });
});
