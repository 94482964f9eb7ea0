import { useWorkspace } from '../../state/workspaceSession';
import { AddObjectiveForm } from './AddObjectiveForm';

/**
 * What an empty workspace leads with: the first objective, written right
 * here, with the few hints that make one good (docs/architecture.md: the
 * board is the first view). The next step, key results by risk, opens on the
 * objective once it exists.
 */
export function GuidedFirstObjective() {
  const workshop = useWorkspace((s) => s.meta?.kind === 'workshop');
  return (
    <section className="guided" aria-label="Getting started">
      <p className="guided__step muted">Step 1 of 2</p>
      <h2>{workshop ? 'Draft the first objective together' : 'Write your first objective'}</h2>
      <p>
        An <strong>objective</strong> says where you want to go{workshop ? '; draft it with everyone in the room, then add the key results' : ''}.
      </p>
      <ul className="guided__hints">
        <li>
          <strong>Ambitious</strong>: a direction worth stretching for, not a task list.
        </li>
        <li>
          <strong>Qualitative</strong>: say it in words (“Make onboarding delightful”); the numbers come in the key results.
        </li>
        <li>
          <strong>The team&apos;s own</strong>: something you believe you can reach and commit to.
        </li>
      </ul>
      <AddObjectiveForm />
      <p className="guided__next muted">
        Step 2: under it, add two to five <strong>key results</strong>, each starting with the risk it addresses — understanding, dependency or execution.
      </p>
    </section>
  );
}
