import { useState, type FormEvent } from 'react';
import { addPerson, removePerson, renamePerson } from '../../../shared/commands/people';
import type { PersonSource, WorkspacePerson } from '../../../shared/queries/people';
import { act } from '../../state/act';
import { usePeople } from '../../state/people';
import { useToasts } from '../../state/toasts';
import { Avatar } from '../../ui/Avatar';
import { CommitOnBlurInput } from '../../ui/CommitOnBlurInput';

const SOURCE_LABEL: Record<PersonSource, string> = {
  added: 'added by hand',
  author: 'wrote here',
  owner: 'owns OKRs',
  present: 'here now',
};

/**
 * The workspace's people (docs/schema.md, "people"): everyone who wrote, owns
 * or is here, and the names added by hand. Only a hand-added name can be
 * renamed (its owners follow) or removed; the others come from the records
 * and leave with them.
 */
export function PeoplePanel() {
  const people = usePeople();
  const [name, setName] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (act((ctx) => addPerson(ctx, name), 'Could not add the person')) setName('');
  };
  return (
    <section aria-labelledby="people-heading" className="work-panel">
      <h2 id="people-heading" className="section-title">
        People ({people.length})
      </h2>
      {people.length === 0 ? (
        <p className="muted">Nobody yet: people join as they write, own a key result or join the workshop.</p>
      ) : (
        <ul className="people-list" aria-label="People of this workspace">
          {people.map((person) => (
            <PersonRow key={person.key} person={person} />
          ))}
        </ul>
      )}
      <form className="row" onSubmit={add}>
        <label className="field field--grow">
          <span>Add a person</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Dara Osei" />
        </label>
        <button type="submit" className="button" disabled={!name.trim()}>
          Add person
        </button>
      </form>
    </section>
  );
}

function PersonRow({ person }: { person: WorkspacePerson }) {
  const handAdded = person.personIds[0];
  const sources = person.sources.map((s) => SOURCE_LABEL[s]).join(', ');
  const remove = (id: string) => {
    if (!act((ctx) => removePerson(ctx, id), 'Could not remove the person')) return;
    useToasts.getState().push({ message: `${person.name} is no longer listed by hand.`, tone: 'info' });
  };
  return (
    <li className="people-list__item" aria-label={person.name}>
      <Avatar name={person.name} decorative />
      {handAdded ? (
        <CommitOnBlurInput
          value={person.name}
          aria-label={`Name of ${person.name}`}
          onCommit={(next) => act((ctx) => renamePerson(ctx, handAdded, next), 'Could not rename the person')}
        />
      ) : (
        <span className="people-list__name">{person.name}</span>
      )}
      <span className="muted">{sources}</span>
      {handAdded && (
        <button type="button" className="button button--small button--ghost" onClick={() => remove(handAdded)}>
          Remove {person.name}
        </button>
      )}
    </li>
  );
}
