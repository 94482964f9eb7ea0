import { describe, expect, it } from 'vitest';
import { deleteQuestion, editQuestion } from '../../shared/commands/questions';
import { addKeyResult } from '../../shared/commands/keyResults';
import { addObjective } from '../../shared/commands/objectives';
import { readWorkspace } from '../../shared/schema/read';
import { day, newCycleWorkspace, replicaOf, syncBoth } from './issue4Fixtures';

describe('questions of a learning KR', () => {
  it('keeps both a rewording and a delete made at once on two devices', () => {
    const a = newCycleWorkspace();
    const o = addObjective(a.ctx, { title: 'O' });
    const kr = addKeyResult(a.ctx, o, { title: 'Learn', kind: 'learning', questions: ['Why do teams stall?'] });
    const [questionId] = [...readWorkspace(a.doc).questions.keys()];
    const b = replicaOf(a.doc, 'Ben', day(2));
    a.clock.t = day(3); // A writes later: a whole-record rewrite by A would win and undo B's delete
    editQuestion(a.ctx, questionId!, 'Why do trial teams stall?');
    deleteQuestion(b.ctx, questionId!);
    syncBoth(a.doc, b.doc);
    for (const doc of [a.doc, b.doc]) {
      const question = readWorkspace(doc).questions.get(questionId!);
      expect(question?.text).toBe('Why do trial teams stall?');
      expect(question?.deletedAt).toBe(day(2));
      expect(question?.keyResultId).toBe(kr);
    }
  });
});
