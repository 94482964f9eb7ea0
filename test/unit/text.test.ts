import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { applyTextChange, applyTextEdit } from '../../shared/text';

function textWith(value: string): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, value);
  return { doc, text };
}

describe('applyTextChange', () => {
  it('ends with exactly the new value for any pair of strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (before, after) => {
        const { doc, text } = textWith(before);
        doc.transact(() => applyTextChange(text, after));
        expect(text.toString()).toBe(after);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('changes only the edited span, so concurrent typing elsewhere merges', () => {
    const a = textWith('Grow revenue');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    const bText = b.getText('t');
    a.doc.transact(() => applyTextChange(a.text, 'Grow recurring revenue'));
    b.transact(() => applyTextChange(bText, 'Grow revenue fast'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b));
    expect(a.text.toString()).toBe('Grow recurring revenue fast');
    expect(bText.toString()).toBe(a.text.toString());
  });

  it('never splits an emoji', () => {
    const { doc, text } = textWith('ok 👍');
    doc.transact(() => applyTextChange(text, 'ok 👎'));
    expect(text.toString()).toBe('ok 👎');
  });
});

describe('applyTextEdit', () => {
  it('applies the person’s edit where they made it, keeping a peer’s text the field had not shown yet', () => {
    const { doc, text } = textWith('Really Delight teams'); // a peer already typed "Really "
    doc.transact(() => applyTextEdit(text, 'Delight teams', 'Delight teams everywhere'));
    expect(text.toString()).toBe('Really Delight teams everywhere');
    doc.transact(() => applyTextEdit(text, 'Really Delight teams', 'Really Delight team')); // a deletion made on a stale view
    expect(text.toString()).toBe('Really Delight team everywhere');
  });

  it('is a plain replacement when the field showed the current text', () => {
    const { doc, text } = textWith('abc');
    doc.transact(() => applyTextEdit(text, 'abc', 'abXc'));
    expect(text.toString()).toBe('abXc');
  });
});
