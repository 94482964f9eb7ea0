import type { KeyResultKind, Risk } from '../../../shared/schema/types';

/**
 * Help in choosing a key result for the risk the team faces — a prompt and
 * one good example per risk, never a form that forces every KR into an outcome.
 */
export const RISK_PROMPTS: Record<Risk, { label: string; question: string; prompt: string; example: string; kind: KeyResultKind }> = {
  understanding: {
    label: 'Understanding',
    question: 'Do we know what to build, and why?',
    prompt: 'When you do not know yet, write a learning key result: the questions or hypotheses you will answer this cycle.',
    example: 'Learn why trial teams stall — “Is setup time the blocker?”, “Do admins or members drop out first?”',
    kind: 'learning',
  },
  dependency: {
    label: 'Dependency',
    question: 'Do others deliver what we need?',
    prompt: 'When you wait on others, an output key result is honest: the deliverables or counts you need to see delivered.',
    example: 'Platform team ships 3 of 3 SSO connectors we depend on',
    kind: 'output',
  },
  execution: {
    label: 'Execution',
    question: 'Can we deliver, and does it move the outcome?',
    prompt: 'When you know what to build, measure the outcome: a number moving from a baseline to a target, or a level to hold.',
    example: 'Weekly active teams from 120 to 200',
    kind: 'metric',
  },
};

export const KIND_LABEL: Record<KeyResultKind, string> = {
  metric: 'Outcome (metric)',
  output: 'Output (count)',
  learning: 'Learning (questions)',
  milestone: 'Milestone',
};
